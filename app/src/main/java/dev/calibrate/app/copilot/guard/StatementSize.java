package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;

import java.util.Locale;

/**
 * A cheap reading of the statement as written, before the parser sees it: how deeply its parentheses and
 * brackets nest, and how many query levels ({@code SELECT}s: subqueries and CTEs) it has. Both are capped.
 * The parser's time grows steeply with nesting ({@code ARRAY[ARRAY[…} 40 levels deep took 16 s), and so does
 * PostgreSQL's planning of nested query levels, which {@code statement_timeout} does not interrupt (a 1 KB
 * chain of 26 CTEs planned for minutes, grew to 20 GB and brought the cluster down). The levels are also
 * printed so that PostgreSQL plans each on its own ({@link PlanningFences}); the caps keep what is left small.
 * No question the copilot answers comes near them.
 */
final class StatementSize {

    /** Parentheses and brackets inside each other. */
    static final int MAX_DEPTH = 12;
    /** SELECTs in the statement: the main query, its CTEs and subqueries. */
    static final int MAX_QUERIES = 12;

    private StatementSize() {
    }

    static void check(String sql) {
        int depth = 0;
        int queries = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                // a text or a quoted name: nothing in it nests or starts a query (an unclosed one the parser refuses)
                int close = sql.indexOf(c, i + 1);
                i = close < 0 ? n : close + 1;
                continue;
            }
            if (c == '(' || c == '[') {
                depth++;
                if (depth > MAX_DEPTH) {
                    throw new Refused(Rule.COST, "parentheses or brackets nested more than " + MAX_DEPTH + " deep");
                }
            } else if (c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                if (sql.substring(start, i).toLowerCase(Locale.ROOT).equals("select") && ++queries > MAX_QUERIES) {
                    throw new Refused(Rule.COST, "more than " + MAX_QUERIES + " SELECTs (subqueries and WITH "
                            + "queries); ask a simpler question");
                }
                continue;
            }
            i++;
        }
    }
}
