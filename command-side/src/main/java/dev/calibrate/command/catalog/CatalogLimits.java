package dev.calibrate.command.catalog;

import java.time.Duration;

/**
 * What the preview catalogs of one node may hold ({@code calibrate.pricing.preview.catalog.*}).
 *
 * @param memoryBudgetBytes the estimated heap all tenants' catalogs may take together; past it the
 *                          least recently previewed tenants are evicted
 * @param idleAfter         a tenant not previewed for this long is evicted
 * @param maxWait           how long a preview waits for the catalog to reach a position or finish a rebuild
 * @param pageSize          products read per query while rebuilding a tenant
 */
public record CatalogLimits(long memoryBudgetBytes, Duration idleAfter, Duration maxWait, int pageSize) {

    public CatalogLimits {
        if (memoryBudgetBytes <= 0 || pageSize <= 0) {
            throw new IllegalArgumentException("the preview catalog needs a positive memory budget and page size");
        }
    }
}
