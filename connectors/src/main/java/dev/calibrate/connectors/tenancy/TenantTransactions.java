package dev.calibrate.connectors.tenancy;

import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * Connector work done for one tenant's request, in one transaction that names the tenant
 * ({@code app.tenant_id}), so PostgreSQL's row-level security keeps it to that tenant's rows even if a
 * query forgot its {@code WHERE tenant_id}. Work that spans tenants (event processors, the write-back
 * scheduler, webhook routing, health) does not come through here; docs/operations.md lists it.
 */
@Component
public class TenantTransactions {

    private final TransactionTemplate readOnly;
    private final TransactionTemplate readWrite;
    private final JdbcTemplate jdbc;

    public TenantTransactions(PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.readWrite = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
    }

    /** Reads as the request role, which may only SELECT, and only the tenant's rows. */
    public <T> T read(TenantId tenantId, Supplier<T> work) {
        return readOnly.execute(tx -> {
            jdbc.execute("SET LOCAL ROLE calibrate_api");
            nameTenant(tenantId);
            return work.get();
        });
    }

    /** Writes as the worker, whose policy on connector tables then reaches the tenant's rows only. */
    public <T> T write(TenantId tenantId, Supplier<T> work) {
        return readWrite.execute(tx -> {
            nameTenant(tenantId);
            return work.get();
        });
    }

    private void nameTenant(TenantId tenantId) {
        jdbc.queryForObject("SELECT set_config('app.tenant_id', ?, true)", String.class, tenantId.toString());
    }
}
