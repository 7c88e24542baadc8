package dev.calibrate.app.copilot.guard;

import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * What the guard prints so that PostgreSQL plans every query level on its own. PostgreSQL merges a
 * subquery in {@code FROM}, and a CTE read once, into the query around it; when each level uses a column
 * twice ({@code t || t}, {@code x + x}) the merged expression doubles per level, and planning it is not
 * interrupted by {@code statement_timeout} or a cancel (the review's 26 levels: minutes, 20 GB, then the
 * kernel killed the backend and the whole cluster restarted). A CTE printed {@code AS MATERIALIZED} and a
 * subquery with {@code OFFSET 0} are never merged: each level is planned once, and the result is the same.
 */
final class PlanningFences {

    private PlanningFences() {
    }

    /** Every CTE is computed once, as written, never inlined. */
    static void materialize(WithItem<?> withItem) {
        withItem.setMaterialized(true);
    }

    /** The subqueries of a select's FROM and JOINs (LATERAL ones too) get {@code OFFSET 0} unless they have a limit. */
    static void fence(PlainSelect select) {
        fence(select.getFromItem());
        if (select.getJoins() != null) {
            for (Join join : select.getJoins()) {
                fence(join.getFromItem());
            }
        }
    }

    private static void fence(FromItem item) {
        if (item instanceof ParenthesedFromItem parenthesed) {
            fence(parenthesed.getFromItem());
            if (parenthesed.getJoins() != null) {
                parenthesed.getJoins().forEach(join -> fence(join.getFromItem()));
            }
        } else if (item instanceof ParenthesedSelect parenthesed) {
            if (parenthesed.getLimit() != null || parenthesed.getOffset() != null) {
                return;
            }
            Select inner = parenthesed.getSelect();
            if (inner.getLimit() == null && inner.getOffset() == null && inner.getFetch() == null) {
                inner.setOffset(new Offset().withOffset(new LongValue(0)));
            }
        }
    }
}
