package dev.calibrate.connectors.tenancy;

import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Connector work done for one tenant's request, in one transaction that names the tenant
 * ({@link TenantScope}), so PostgreSQL's row-level security keeps it to that tenant's rows even if a
 * query forgot its {@code WHERE tenant_id}. Work that spans tenants (event processors, the write-back
 * scheduler, webhook routing, health) does not come through here; docs/operations.md lists it.
 */
@Component
public class TenantTransactions {

    private final TenantScope scope;

    public TenantTransactions(TenantScope scope) {
        this.scope = scope;
    }

    /** Reads as the request role, which may only SELECT, and only the tenant's rows. */
    public <T> T read(TenantId tenantId, Supplier<T> work) {
        return scope.read(tenantId, work);
    }

    /** Writes as the worker, whose policy on connector tables then reaches the tenant's rows only. */
    public <T> T write(TenantId tenantId, Supplier<T> work) {
        return scope.write(tenantId, work);
    }
}
