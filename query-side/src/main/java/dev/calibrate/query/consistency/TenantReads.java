package dev.calibrate.query.consistency;

import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * Runs request reads as the {@code calibrate_api} role with {@code app.tenant_id} set for this
 * transaction only, so PostgreSQL row-level security, not application code, keeps tenants apart.
 */
@Component
public class TenantReads {

    private final TransactionTemplate readOnly;
    private final JdbcTemplate jdbc;

    public TenantReads(PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.jdbc = jdbc;
    }

    public <T> T read(TenantId tenantId, Supplier<T> work) {
        return readOnly.execute(tx -> {
            jdbc.execute("SET LOCAL ROLE calibrate_api");
            jdbc.queryForObject("SELECT set_config('app.tenant_id', ?, true)", String.class, tenantId.toString());
            return work.get();
        });
    }
}
