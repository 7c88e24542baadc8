package dev.calibrate.app.database;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The one way a module's request work is kept to one tenant: the transaction names the tenant, reads
 * run as the request role and cannot write, and the tenant named is the one asked for.
 */
class TenantScopeTest extends IntegrationTest {

    @Autowired
    TenantScope scope;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aReadNamesTheTenantAndRunsAsTheRequestRole() {
        TenantId tenant = new TenantId(UUID.fromString(api.newTenant("Scope read").tenantId()));

        List<String> seen = scope.read(tenant, () -> List.of(
                jdbc.queryForObject("SELECT current_setting('app.tenant_id')", String.class),
                jdbc.queryForObject("SELECT current_user", String.class)));

        assertThat(seen).containsExactly(tenant.toString(), "calibrate_api");
    }

    @Test
    void aReadSeesOnlyTheTenantsRows() {
        TenantId tenant = projectedTenant("Scope rows");
        projectedTenant("Scope other");

        List<String> tenants = scope.read(tenant, () ->
                jdbc.queryForList("SELECT DISTINCT tenant_id::text FROM tenant_view", String.class));

        assertThat(tenants).containsExactly(tenant.toString());
    }

    @Test
    void aReadCannotWrite() {
        TenantId tenant = projectedTenant("Scope read-only");

        assertThatThrownBy(() -> scope.read(tenant, () -> jdbc.update("DELETE FROM tenant_view")))
                .isInstanceOf(DataAccessException.class);
        assertThat(tenantViewRows(tenant)).isEqualTo(1);
    }

    @Test
    void aWriteNamesTheTenantAndRunsAsTheWorker() {
        TenantId tenant = new TenantId(UUID.fromString(api.newTenant("Scope write").tenantId()));

        List<String> seen = scope.write(tenant, () -> List.of(
                jdbc.queryForObject("SELECT current_setting('app.tenant_id')", String.class),
                jdbc.queryForObject("SELECT current_user", String.class)));

        assertThat(seen.get(0)).isEqualTo(tenant.toString());
        assertThat(seen.get(1)).isNotEqualTo("calibrate_api");
    }

    /** A new tenant, once the tenant read model holds its row. */
    private TenantId projectedTenant(String name) {
        TenantId tenant = new TenantId(UUID.fromString(api.newTenant(name).tenantId()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> tenantViewRows(tenant) == 1);
        return tenant;
    }

    private long tenantViewRows(TenantId tenant) {
        return jdbc.queryForObject("SELECT count(*) FROM tenant_view WHERE tenant_id = ?::uuid", Long.class,
                tenant.toString());
    }
}
