package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
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

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static dev.calibrate.app.copilot.guard.NameScopes.postgresName;

/**
 * The column names of what a FROM item or a query gives: a copilot view's own ({@link Allowed#COLUMNS}), a
 * CTE's, a subquery's select list (aliases, plain columns, calls; {@code *} expanded over its FROM). Where
 * the guard cannot tell a name, it leaves it out: a qualified column it does not find is refused.
 */
final class OutputColumns {

    private final Function<String, Optional<Set<String>>> ctes;

    /** @param ctes the output columns of a CTE in scope, by name */
    OutputColumns(Function<String, Optional<Set<String>>> ctes) {
        this.ctes = ctes;
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
                Optional<Set<String>> cte = ctes.apply(name);
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
            return of(select);
        }
        if (item instanceof TableFunction function) {
            return outputs(function);
        }
        return Set.of();
    }

    /**
     * A table function's columns: its alias's column list when it has one; {@code unnest(tags) AS t}, one
     * column named as the item is; otherwise none the guard can tell ({@code unnest(a, b) AS to_json} has two
     * columns, neither named {@code to_json}, so {@code to_json.to_json} would be a call on the row).
     */
    private static Set<String> outputs(TableFunction function) {
        Alias alias = function.getAlias();
        if (alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
            Set<String> names = new HashSet<>();
            for (Alias.AliasColumn column : alias.getAliasColumns()) {
                names.add(postgresName(column.name));
            }
            return names;
        }
        net.sf.jsqlparser.expression.Function call = function.getFunction();
        // unnest(ARRAY[p]) has the columns of p's row, not one named as the alias: trusted only over a column
        // that a copilot view has (unnest(p.tags))
        boolean oneArgumentUnnest = call != null && "unnest".equals(postgresName(call.getName()))
                && call.getParameters() != null && call.getParameters().size() == 1
                && call.getParameters().get(0) instanceof Column column && viewColumn(column);
        if (!oneArgumentUnnest) {
            return Set.of();
        }
        String name = exposedName(function);
        return name == null ? Set.of() : Set.of(name);
    }

    private static boolean viewColumn(Column column) {
        String name = postgresName(column.getColumnName());
        return Allowed.COLUMNS.values().stream().anyMatch(columns -> columns.contains(name));
    }

    /** The names of a query's output columns, as far as the guard can tell them. */
    Set<String> of(Select select) {
        if (select instanceof ParenthesedSelect parenthesed) {
            return of(parenthesed.getSelect());
        }
        if (select instanceof SetOperationList list) {
            return list.getSelects().isEmpty() ? Set.of() : of(list.getSelects().get(0));
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
                inFrom(plain, postgresName(table.getTable().getName())).ifPresent(names::addAll);
            } else if (expression instanceof AllColumns) {
                names.addAll(everyColumn(plain));
            } else if (expression instanceof Column column) {
                names.add(postgresName(column.getColumnName()));
            } else if (expression instanceof CastExpression cast && cast.getLeftExpression() instanceof Column column) {
                names.add(postgresName(column.getColumnName()));
            } else if (expression instanceof net.sf.jsqlparser.expression.Function function && function.getName() != null) {
                names.add(postgresName(function.getName()));
            }
        }
        return names;
    }

    /** The columns of the relation of a select's FROM that {@code qualifier} names, if one does. */
    Optional<Set<String>> inFrom(PlainSelect select, String qualifier) {
        Optional<Set<String>> found = inFrom(select.getFromItem(), qualifier);
        if (found.isEmpty() && select.getJoins() != null) {
            for (Join join : select.getJoins()) {
                found = inFrom(join.getFromItem(), qualifier);
                if (found.isPresent()) {
                    break;
                }
            }
        }
        return found;
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
}
