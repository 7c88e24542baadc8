package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The rules on what a statement reads and how: no INTO, no locking clause, CTEs that only read and do not
 * recurse, and every table a copilot view (rewritten {@code copilot.<view>}) or a CTE in scope.
 */
final class RelationRules {

    private final NameScopes scopes;
    private final Set<String> views = new HashSet<>();

    RelationRules(NameScopes scopes) {
        this.scopes = scopes;
    }

    void clear() {
        views.clear();
    }

    /** The copilot views the statement reads. */
    Set<String> views() {
        return Set.copyOf(views);
    }

    /** A CTE that only reads and does not recurse: its body, and its name as PostgreSQL reads it. */
    static String checkCte(WithItem<?> withItem) {
        if (!(withItem.getParenthesedStatement() instanceof ParenthesedSelect)) {
            throw new Refused(Rule.SELECT_ONLY, "a WITH query that writes");
        }
        if (withItem.isRecursive()) {
            throw new Refused(Rule.SELECT_ONLY, "WITH RECURSIVE can grow without bound");
        }
        return NameScopes.cteName(withItem.getAliasName());
    }

    /** Once its body was walked, a CTE is in scope for its later siblings, with its output columns. */
    void defineCte(WithItem<?> withItem, String name) {
        Set<String> outputs = new HashSet<>();
        if (withItem.getWithItemList() != null) {
            withItem.getWithItemList().forEach(item -> outputs.add(NameScopes.postgresName(item.toString())));
        } else {
            outputs.addAll(scopes.outputs((ParenthesedSelect) withItem.getParenthesedStatement()));
        }
        scopes.define(name, outputs);
    }

    /**
     * A FROM item's alias may not rename its columns ({@code (…) AS s(a, b)}, {@code c AS x(y)}), except a
     * table function's ({@code unnest(tags) AS t(tag)}), and a parenthesized join may not have an alias:
     * both hide from the guard which columns a name has, and PostgreSQL reads {@code s.to_json} where
     * {@code to_json} is no longer a column as a call on the row.
     */
    static void checkAliases(PlainSelect select) {
        checkAlias(select.getFromItem());
        if (select.getJoins() != null) {
            select.getJoins().forEach(join -> checkAlias(join.getFromItem()));
        }
    }

    private static void checkAlias(FromItem item) {
        if (item == null) {
            return;
        }
        Alias alias = item.getAlias();
        if (item instanceof ParenthesedFromItem parenthesed) {
            if (alias != null) {
                throw new Refused(Rule.ALLOWED_VIEWS, "an alias on joined relations in parentheses (" + alias.getName()
                        + "): name the relations inside instead");
            }
            checkAlias(parenthesed.getFromItem());
            if (parenthesed.getJoins() != null) {
                parenthesed.getJoins().forEach(join -> checkAlias(join.getFromItem()));
            }
            return;
        }
        boolean columnList = alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty();
        if (columnList && !(item instanceof TableFunction)) {
            throw new Refused(Rule.ALLOWED_VIEWS, "an alias with a column list (" + alias
                    + ") on a view, a WITH query or a subquery: name the columns in the SELECT instead");
        }
    }

    static void checkInto(PlainSelect select) {
        if (select.getIntoTables() != null && !select.getIntoTables().isEmpty() || select.getIntoTempTable() != null) {
            throw new Refused(Rule.NO_INTO, "SELECT … INTO creates a table");
        }
    }

    static void checkLocking(Select select) {
        if (select.getForMode() != null || select.getForUpdateTable() != null) {
            throw new Refused(Rule.NO_LOCKING, "FOR UPDATE / SHARE takes locks");
        }
    }

    /** A CTE in scope stays as written; a copilot view is rewritten {@code copilot.<view>}; nothing else passes. */
    void checkTable(Table table) {
        if (table.getDatabase() != null && table.getDatabase().getDatabaseName() != null) {
            throw new Refused(Rule.ALLOWED_VIEWS, "a table of another database: " + table.getFullyQualifiedName());
        }
        String schema = table.getUnquotedSchemaName();
        if (schema == null && scopes.cteInScope(NameScopes.postgresName(table.getName()))) {
            return;
        }
        String name = table.getUnquotedName().toLowerCase(Locale.ROOT);
        boolean quotedOtherwise = !NameScopes.postgresName(table.getName()).equals(name)
                || schema != null && !NameScopes.postgresName(table.getSchemaName()).equals("copilot");
        if (quotedOtherwise && Allowed.VIEWS.contains(name)) {
            // "PRODUCTS" is another name to PostgreSQL than products: never rewritten into the view
            throw new Refused(Rule.ALLOWED_VIEWS, table.getFullyQualifiedName() + " is not a copilot view (quoted, "
                    + "a name is read exactly: write " + name + ")");
        }
        if (schema != null && !schema.equalsIgnoreCase("copilot")) {
            throw new Refused(Rule.ALLOWED_VIEWS, table.getFullyQualifiedName() + " is not a copilot view");
        }
        if (!Allowed.VIEWS.contains(name)) {
            throw new Refused(Rule.ALLOWED_VIEWS, table.getFullyQualifiedName() + " is not a copilot view");
        }
        table.setSchemaName("copilot");
        table.setName(name);
        views.add(name);
    }
}
