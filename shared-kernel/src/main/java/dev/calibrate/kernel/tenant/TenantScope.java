package dev.calibrate.kernel.tenant;

import java.util.function.Supplier;

/**
 * Work done for one tenant in one transaction that names the tenant ({@code app.tenant_id}, for that
 * transaction only), so PostgreSQL's row-level security, not application code, keeps it to the tenant's
 * rows even if a query forgot its {@code WHERE tenant_id}. The app implements it once, over the
 * transaction manager every module shares; the kernel only names it, as it stays free of Spring.
 */
public interface TenantScope {

    /** Reads in a read-only transaction as the request role {@code calibrate_api}, which may only SELECT. */
    <T> T read(TenantId tenantId, Supplier<T> work);

    /** Writes as the worker, whose policy on connector tables then reaches the tenant's rows only. */
    <T> T write(TenantId tenantId, Supplier<T> work);
}
