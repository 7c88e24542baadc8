package dev.calibrate.command.catalog.source;

import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Instant;
import java.util.List;

/** Where a tenant's preview catalog is rebuilt from: the catalog read model, through queries. */
public interface CatalogSource {

    /** Returns once the read model has applied every event up to {@code position}; fails (503) after the max wait. */
    void awaitPosition(long position);

    /**
     * Up to {@code limit} products after {@code after} (null: from the first), in the read model's
     * product order, each with the prices it had since {@code pricesSince} (and the one that held then).
     */
    List<CatalogEntry> page(TenantId tenantId, ProductId after, int limit, Instant pricesSince);
}
