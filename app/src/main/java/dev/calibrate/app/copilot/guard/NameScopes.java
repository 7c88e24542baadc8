package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names each query level of a statement can see, resolved as PostgreSQL resolves them: CTEs (of the
 * level or an enclosing one, earlier siblings only) and the relations of the level's {@code FROM}, by alias
 * or by name. With them it checks what names a relation or a column: a CTE name the guard and PostgreSQL
 * read alike, and a qualified column ({@code p.sku}) that is a column of the relation it names. PostgreSQL
 * reads {@code p.to_json}, where {@code to_json} is no column of {@code p}, as {@code to_json(p)}: a call on
 * the whole row that no allow-list would see.
 */
final class NameScopes {

    /** A CTE name the guard and PostgreSQL read alike, and that no catalog relation has. */
    private static final Pattern CTE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /** One query level: its CTEs so far (name to output columns) and the select whose FROM it reads. */
    private static final class Level {
        final Map<String, Set<String>> ctes = new HashMap<>();
        final PlainSelect select;

        Level(PlainSelect select) {
            this.select = select;
        }
    }

    private final Deque<Level> levels = new ArrayDeque<>();
    private final Set<String> allCteNames = new HashSet<>();

    void clear() {
        levels.clear();
        allCteNames.clear();
    }

    void enter(PlainSelect select) {
        levels.push(new Level(select));
    }

    void leave() {
        levels.pop();
    }

    /** Every CTE name of the statement, for the printed text's second reading. */
    Set<String> cteNames() {
        return Set.copyOf(allCteNames);
    }

    /** A CTE's name, checked before its body is walked. */
    static String cteName(String written) {
        String name = postgresName(written);
        if (!CTE_NAME.matcher(name).matches() || name.startsWith("pg_")) {
            throw new Refused(Rule.ALLOWED_VIEWS, "the WITH name " + written
                    + " (use lower-case letters, digits and _, not starting with pg_)");
        }
        return name;
    }

    /** A CTE becomes visible to its later siblings and their level once its body was walked. */
    void define(String name, Set<String> outputs) {
        allCteNames.add(name);
        if (!levels.isEmpty()) {
            levels.peek().ctes.put(name, outputs);
        }
    }

    boolean cteInScope(String name) {
        return cte(name).isPresent();
    }

    private Optional<Set<String>> cte(String name) {
        for (Level level : levels) {
            Set<String> outputs = level.ctes.get(name);
            if (outputs != null) {
                return Optional.of(outputs);
            }
        }
        return Optional.empty();
    }

    /**
     * A qualified column must be a column of the relation its qualifier names, found as PostgreSQL finds it
     * (this level first, then the enclosing ones); a qualifier that names no relation is refused too.
     */
    void checkColumn(Column column) {
        Table qualifier = column.getTable();
        if (qualifier == null || qualifier.getName() == null) {
            return;
        }
        String name = postgresName(column.getColumnName());
        String schema = qualifier.getSchemaName();
        String relation = postgresName(qualifier.getName());
        Set<String> columns;
        if (schema != null || qualifier.getDatabase() != null && qualifier.getDatabase().getDatabaseName() != null) {
            boolean copilot = schema != null && postgresName(schema).equals("copilot");
            columns = copilot ? Allowed.COLUMNS.get(relation) : null;
        } else {
            columns = resolve(relation).orElse(null);
        }
        if (columns == null) {
            throw new Refused(Rule.ALLOWED_FUNCTIONS, column.getFullyQualifiedName()
                    + ": its qualifier names no relation of the statement");
        }
        if (!columns.contains(name)) {
            throw new Refused(Rule.ALLOWED_FUNCTIONS, column.getFullyQualifiedName() + " is not a column of "
                    + qualifier.getName() + " (PostgreSQL would read it as a call)");
        }
    }

    private Optional<Set<String>> resolve(String qualifier) {
        for (Level level : levels) {
            if (level.select == null) {
                continue;
            }
            Optional<Set<String>> found = inFrom(level.select.getFromItem(), qualifier);
            if (found.isEmpty() && level.select.getJoins() != null) {
                for (Join join : level.select.getJoins()) {
                    found = inFrom(join.getFromItem(), qualifier);
                    if (found.isPresent()) {
                        break;
                    }
                }
            }
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<Set<String>> inFrom(FromItem item, String qualifier) {
        if (item == null) {
            return Optional.empty();
        }
        if (item instanceof ParenthesedFromItem parenthesed) {
            Optional<Set<String>> found = inFrom(parenthesed.getFromItem(), qualifier);
            if (found.isEmpty() && parenthesed.getJoins() != null) {
                for (Join join : parenthesed.getJoins()) {
                    found = inFrom(join.getFromItem(), qualifier);
                    if (found.isPresent()) {
                        break;
                    }
                }
            }
            return found;
        }
        if (!qualifier.equals(exposedName(item))) {
            return Optional.empty();
        }
        return Optional.of(outputs(item));
    }

    /** The name a FROM item is known by: its alias, or a relation's own name. */
    private static String exposedName(FromItem item) {
        Alias alias = item.getAlias();
        if (alias != null && alias.getName() != null) {
            return postgresName(alias.getName());
        }
        if (item instanceof Table table) {
            return postgresName(table.getName());
        }
        if (item instanceof TableFunction function && function.getFunction() != null) {
            return postgresName(function.getFunction().getName());
        }
        return null;
    }

    /** The columns a FROM item has; empty when the guard cannot tell (then no qualified column of it passes). */
    private Set<String> outputs(FromItem item) {
        if (item instanceof Table table) {
            String name = postgresName(table.getName());
            if (table.getSchemaName() == null) {
                Optional<Set<String>> cte = cte(name);
                if (cte.isPresent()) {
                    return cte.get();
                }
            }
            Set<String> columns = Allowed.COLUMNS.get(name);
            if (columns == null) {
                // the walk refuses it where it stands in FROM; a column may name it first
                throw new Refused(Rule.ALLOWED_VIEWS, table.getFullyQualifiedName() + " is not a copilot view");
            }
            return columns;
        }
        if (item instanceof ParenthesedSelect select) {
            return outputs(select);
        }
        if (item instanceof TableFunction) {
            // unnest(tags) AS t: one column, named as the item is
            String name = exposedName(item);
            return name == null ? Set.of() : Set.of(name);
        }
        return Set.of();
    }

    /** The names of a query's output columns, as far as the guard can tell them. */
    Set<String> outputs(Select select) {
        if (select instanceof ParenthesedSelect parenthesed) {
            return outputs(parenthesed.getSelect());
        }
        if (select instanceof SetOperationList list) {
            return list.getSelects().isEmpty() ? Set.of() : outputs(list.getSelects().get(0));
        }
        if (!(select instanceof PlainSelect plain)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (SelectItem<?> item : plain.getSelectItems()) {
            Expression expression = item.getExpression();
            if (item.getAlias() != null && item.getAlias().getName() != null) {
                names.add(postgresName(item.getAlias().getName()));
            } else if (expression instanceof AllTableColumns table) {
                resolveIn(plain, postgresName(table.getTable().getName())).ifPresent(names::addAll);
            } else if (expression instanceof AllColumns) {
                names.addAll(everyColumn(plain));
            } else if (expression instanceof Column column) {
                names.add(postgresName(column.getColumnName()));
            } else if (expression instanceof CastExpression cast && cast.getLeftExpression() instanceof Column column) {
                names.add(postgresName(column.getColumnName()));
            } else if (expression instanceof Function function && function.getName() != null) {
                names.add(postgresName(function.getName()));
            }
        }
        return names;
    }

    private Optional<Set<String>> resolveIn(PlainSelect select, String qualifier) {
        levels.push(new Level(select));
        try {
            return inFrom(select.getFromItem(), qualifier).or(() -> {
                if (select.getJoins() != null) {
                    for (Join join : select.getJoins()) {
                        Optional<Set<String>> found = inFrom(join.getFromItem(), qualifier);
                        if (found.isPresent()) {
                            return found;
                        }
                    }
                }
                return Optional.empty();
            });
        } finally {
            levels.pop();
        }
    }

    private Set<String> everyColumn(PlainSelect select) {
        Set<String> names = new HashSet<>(outputsOf(select.getFromItem()));
        if (select.getJoins() != null) {
            select.getJoins().forEach(join -> names.addAll(outputsOf(join.getFromItem())));
        }
        return names;
    }

    private Set<String> outputsOf(FromItem item) {
        if (item == null) {
            return Set.of();
        }
        if (item instanceof ParenthesedFromItem parenthesed) {
            Set<String> names = new HashSet<>(outputsOf(parenthesed.getFromItem()));
            if (parenthesed.getJoins() != null) {
                parenthesed.getJoins().forEach(join -> names.addAll(outputsOf(join.getFromItem())));
            }
            return names;
        }
        return outputs(item);
    }

    /** How PostgreSQL reads a name: quoted exactly as written, unquoted lower-cased. */
    static String postgresName(String written) {
        if (written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")) {
            return written.substring(1, written.length() - 1).replace("\"\"", "\"");
        }
        return written.toLowerCase(Locale.ROOT);
    }
}
