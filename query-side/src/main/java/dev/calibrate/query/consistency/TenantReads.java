package dev.calibrate.query.consistency;

import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Request reads of the read models, as the {@code calibrate_api} role for one tenant ({@link TenantScope}),
 * so PostgreSQL row-level security, not application code, keeps tenants apart. Only reads: the query
 * side writes its tables from events, never for a request.
 */
@Component
public class TenantReads {

    private final TenantScope scope;

    public TenantReads(TenantScope scope) {
        this.scope = scope;
    }

    public <T> T read(TenantId tenantId, Supplier<T> work) {
        return scope.read(tenantId, work);
    }
}
