package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

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
    private final OutputColumns columns = new OutputColumns(this::cte);

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

    Optional<Set<String>> cte(String name) {
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
        if (RowCallNames.couldCall(name)) {
            throw new Refused(Rule.ALLOWED_FUNCTIONS, column.getFullyQualifiedName() + ": " + name
                    + " after a dot may be a call on the whole row to PostgreSQL; name the column otherwise");
        }
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
            Optional<Set<String>> found = columns.inFrom(level.select, qualifier);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The names of a query's output columns, as far as the guard can tell them. */
    Set<String> outputs(Select select) {
        return columns.of(select);
    }

    /** How PostgreSQL reads a name: quoted exactly as written, unquoted lower-cased. */
    static String postgresName(String written) {
        if (written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")) {
            return written.substring(1, written.length() - 1).replace("\"\"", "\"");
        }
        return written.toLowerCase(Locale.ROOT);
    }
}
