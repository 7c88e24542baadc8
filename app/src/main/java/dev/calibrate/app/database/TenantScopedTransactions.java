package dev.calibrate.app.database;

import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * The one place a transaction is made to name its tenant: {@code SET LOCAL} and {@code set_config(…, true)}
 * last until the transaction ends, so the connection goes back to the pool naming no tenant and no role.
 */
@Component
class TenantScopedTransactions implements TenantScope {

    private final TransactionTemplate readOnly;
    private final TransactionTemplate readWrite;
    private final JdbcTemplate jdbc;

    TenantScopedTransactions(PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.readWrite = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
    }

    @Override
    public <T> T read(TenantId tenantId, Supplier<T> work) {
        return readOnly.execute(tx -> {
            // SET LOCAL ROLE and naming the tenant in one round trip: every API read pays it
            jdbc.query("SELECT set_config('role', 'calibrate_api', true), set_config('app.tenant_id', ?, true)",
                    (RowCallbackHandler) rs -> { }, tenantId.toString());
            return work.get();
        });
    }

    @Override
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
