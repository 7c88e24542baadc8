package dev.calibrate.app.console.pricechange;

import dev.calibrate.app.console.Me;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Scope;

import java.util.EnumSet;
import java.util.Set;

import static dev.calibrate.kernel.pricechange.PriceChangeState.APPLIED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.APPROVED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.DRAFT;
import static dev.calibrate.kernel.pricechange.PriceChangeState.PREVIEWED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.SCHEDULED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.SUBMITTED;

/**
 * Which actions a change shows: those its state allows (docs/price-changes.md#states) and the
 * signed-in caller's scopes permit. The handlers check the same scopes; the aggregate the states.
 */
record Actions(boolean edit, boolean preview, boolean submit, boolean approve, boolean reject, boolean apply,
               boolean rollback, boolean cancel) {

    private static final Set<PriceChangeState> EDITABLE = EnumSet.of(DRAFT, PREVIEWED);
    private static final Set<PriceChangeState> CANCELLABLE = EnumSet.of(DRAFT, PREVIEWED, SUBMITTED, APPROVED, SCHEDULED);

    /**
     * {@code imported}: the rule came from an uploaded CSV (a {@code price_table} step), which only uploading
     * again replaces, so the rule builder is not offered; its preview is still edited item by item.
     */
    static Actions of(PriceChangeState state, Me me, boolean imported) {
        boolean write = me.can(Scope.PRICES_WRITE);
        boolean approve = me.can(Scope.PRICES_APPROVE) && state == SUBMITTED;
        boolean apply = me.can(Scope.PRICES_APPLY);
        return new Actions(write && EDITABLE.contains(state) && !imported, write && EDITABLE.contains(state),
                write && state == PREVIEWED, approve, approve, apply && state == APPROVED, apply && state == APPLIED,
                write && CANCELLABLE.contains(state));
    }

    public boolean any() {
        return edit || preview || submit || approve || reject || apply || rollback || cancel;
    }
}
