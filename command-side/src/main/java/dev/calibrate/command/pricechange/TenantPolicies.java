package dev.calibrate.command.pricechange;

import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.time.ZoneId;

/** The tenant's current pricing policy, as of now (not as of a read model). */
@FunctionalInterface
public interface TenantPolicies {
    TenantPolicy of(TenantId tenantId);

    /** The zone the tenant's days are counted in; UTC unless the tenant set one. */
    default ZoneId timeZone(TenantId tenantId) {
        return ZoneId.of("UTC");
    }
}
