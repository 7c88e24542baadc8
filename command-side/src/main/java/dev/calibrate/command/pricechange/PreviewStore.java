package dev.calibrate.command.pricechange;

import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where a preview's items go, replacing any earlier preview, in the transaction that records the preview. */
@FunctionalInterface
interface PreviewStore {

    /** {@code channels} are the channels each product is linked to now, whose sync its item will show. */
    void replace(TenantId tenantId, PriceChangeId id, String previewHash, List<ItemResult> items,
                 Map<ProductId, Set<String>> channels);
}
