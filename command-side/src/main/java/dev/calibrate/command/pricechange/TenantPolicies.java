package dev.calibrate.command.pricechange;

import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;

/** The tenant's current pricing policy, as of now (not as of a read model). */
@FunctionalInterface
public interface TenantPolicies {
    TenantPolicy of(TenantId tenantId);
}
