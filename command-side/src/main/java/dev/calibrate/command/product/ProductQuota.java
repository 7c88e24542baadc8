package dev.calibrate.command.product;

import dev.calibrate.kernel.tenant.TenantId;

/**
 * How many products a tenant may hold, asked before products are created in bulk ({@link NewProducts});
 * the application says where the count comes from and what the limit is.
 */
public interface ProductQuota {

    /** No limit (command-side tests). */
    ProductQuota NONE = (tenant, creating) -> { };

    /** Refuses, with a {@code FORBIDDEN} rejection, when {@code creating} more would pass the tenant's quota. */
    void admit(TenantId tenant, int creating);
}
