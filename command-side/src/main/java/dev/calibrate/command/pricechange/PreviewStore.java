package dev.calibrate.command.pricechange;

import dev.calibrate.command.pricechange.PreviewCalculator.Computed;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.tenant.TenantId;

/**
 * Where a change's current preview is kept, in the transaction of the aggregate's decision: its rule
 * and its items (with the channels each product is linked to now, whose confirmations its item will
 * show). Applied, the preview is the run record: the runs read it and record each item's outcome.
 */
interface PreviewStore {

    /** Stores {@code preview} as the change's preview, replacing any earlier one. */
    void replace(TenantId tenantId, PriceChangeId id, Computed preview);

    /** An edit voids the preview: its items go. */
    void discard(PriceChangeId id);
}
