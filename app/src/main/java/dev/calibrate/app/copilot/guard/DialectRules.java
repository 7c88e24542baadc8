package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Forms of other SQL dialects the parser reads but PostgreSQL does not ({@code LIMIT 5, 10}, {@code TOP},
 * {@code CONNECT BY}, {@code QUALIFY}): printed as written they would only fail in the database with a
 * message the caller cannot act on, so they are refused with one. And the one form the parser reads
 * differently from PostgreSQL: a {@code LIMIT} after the last branch of a {@code UNION} belongs to the
 * whole union.
 */
final class DialectRules {

    private DialectRules() {
    }

    static void check(PlainSelect select) {
        if (select.getTop() != null || select.getFirst() != null || select.getSkip() != null) {
            throw new Refused(Rule.LIMIT, "TOP, FIRST and SKIP are not PostgreSQL: write LIMIT");
        }
        if (select.getOracleHierarchical() != null) {
            throw new Refused(Rule.SYNTAX, "CONNECT BY is not PostgreSQL (and recursion is not allowed)");
        }
        if (select.getQualify() != null) {
            throw new Refused(Rule.SYNTAX, "QUALIFY is not PostgreSQL: filter a window function in an outer query");
        }
    }

    static void checkLimit(Select select) {
        if (select.getLimit() != null && select.getLimit().getOffset() != null) {
            throw new Refused(Rule.LIMIT, "LIMIT offset, count is not PostgreSQL: write LIMIT count OFFSET offset");
        }
    }

    /**
     * {@code SELECT … UNION SELECT … LIMIT 10}: the parser gives the LIMIT (and OFFSET) to the last branch,
     * PostgreSQL to the union. Moved to the union, so that the guard's own LIMIT does not print a second one.
     */
    static void liftTrailingLimit(Select select) {
        if (!(select instanceof SetOperationList list) || list.getLimit() != null || list.getOffset() != null
                || list.getSelects().isEmpty() || !(list.getSelects().get(list.getSelects().size() - 1) instanceof PlainSelect last)) {
            return;
        }
        Limit limit = last.getLimit();
        if (limit == null && last.getOffset() == null) {
            return;
        }
        list.setLimit(limit);
        list.setOffset(last.getOffset());
        last.setLimit(null);
        last.setOffset(null);
    }
}
