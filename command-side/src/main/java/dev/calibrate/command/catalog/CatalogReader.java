package dev.calibrate.command.catalog;

import dev.calibrate.command.catalog.source.CatalogSource;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Reads one tenant's catalog from the catalog read model, for {@link PreviewCatalogs} to rebuild it: once
 * the read model has reached a position, page by page, each product with the recent prices a preview's
 * window can reach. What to do with the events that arrive meanwhile is {@link PreviewCatalogs}' to decide.
 */
final class CatalogReader {

    private final CatalogSource source;
    private final int pageSize;
    private final Clock clock;

    CatalogReader(CatalogSource source, int pageSize, Clock clock) {
        this.source = source;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    /**
     * The tenant's catalog as the read model holds it once it has reached {@code position}; throws
     * {@link dev.calibrate.command.pricing.EvaluationOverBudget} once {@code deadline} passed.
     */
    TenantCatalog read(TenantId tenantId, long position, Deadline deadline) {
        source.awaitPosition(position);
        TenantCatalog catalog = new TenantCatalog(tenantId);
        // every change a later preview's window can reach: its start is never before this one's
        Instant pricesSince = clock.instant().minus(PriceMoves.WINDOW);
        ProductId after = null;
        List<CatalogEntry> page;
        do {
            deadline.check();
            page = source.page(tenantId, after, pageSize, pricesSince);
            page.forEach(catalog::put);
            if (!page.isEmpty()) after = page.get(page.size() - 1).item().productId();
        } while (page.size() == pageSize);
        return catalog;
    }
}
