package dev.calibrate.command.product.ingest;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;

/**
 * How many products a tenant may hold, asked before products are created in bulk ({@link NewProducts});
 * the application says where the count comes from and what the limit is.
 */
public interface ProductQuota {

    /** No limit (command-side tests). */
    ProductQuota NONE = new ProductQuota() {
        @Override
        public void admit(TenantId tenant, int creating) {
        }

        @Override
        public long room(TenantId tenant) {
            return Long.MAX_VALUE;
        }

        @Override
        public Rejection refusal(TenantId tenant) {
            throw new IllegalStateException("no quota, no refusal");
        }
    };

    /** Refuses, with a {@code FORBIDDEN} rejection, when {@code creating} more would pass the tenant's quota. */
    void admit(TenantId tenant, int creating);

    /** How many products the tenant may still create ({@link Long#MAX_VALUE}: no limit). */
    long room(TenantId tenant);

    /** The {@code FORBIDDEN} rejection of a product past the tenant's quota. */
    Rejection refusal(TenantId tenant);
}
