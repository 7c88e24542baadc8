package dev.calibrate.app.priorprice;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.FindPriceHistory;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.catalog.PriceHistories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prior-price history read (issue 20) answers one tenant from indexes that lead with the tenant, so one
 * tenant's large catalog never slows another's previews. Planned over realistic row counts with fresh
 * statistics (50 tenants of 400 products, 3 prices each), not with sequential scans switched off.
 */
class PriceHistoriesPlanTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void oneTenantsHistoriesAreReadByIndexesLeadingWithTheTenant() {
        UUID tenant = UUID.randomUUID();
        Instant at = Instant.now();
        FindPriceHistory query = new FindPriceHistory(new TenantId(tenant), "USD", at.minus(Duration.ofDays(30)), at, null);
        PriceHistories.Statement statement = PriceHistories.statement(query);

        String[] plans = jdbc.execute((Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (var setup = connection.createStatement()) {
                setup.execute("""
                        CREATE TEMP TABLE plan_tenant ON COMMIT DROP AS
                        SELECT CASE WHEN t = 1 THEN '%s'::uuid ELSE gen_random_uuid() END AS tenant_id
                        FROM generate_series(1, 50) t""".formatted(tenant));
                setup.execute("""
                        INSERT INTO product_view (product_id, tenant_id, sku, title, tags, channel_refs, active, version,
                                                  created_at, updated_at)
                        SELECT gen_random_uuid(), t.tenant_id, 'PLAN-' || p, 'Plan ' || p, '{}', '{}'::jsonb, true, 1, now(), now()
                        FROM plan_tenant t, generate_series(1, 400) p""");
                setup.execute("""
                        INSERT INTO product_price (product_id, currency, tenant_id, amount, source, valid_from, event_id)
                        SELECT v.product_id, 'USD', v.tenant_id, 10, 'api', now() - interval '100 days', gen_random_uuid()::text
                        FROM product_view v JOIN plan_tenant t ON t.tenant_id = v.tenant_id""");
                setup.execute("""
                        INSERT INTO product_price_history (event_id, product_id, currency, tenant_id, amount, source, valid_from)
                        SELECT gen_random_uuid()::text, v.product_id, 'USD', v.tenant_id, 10 + d, 'api', now() - d * interval '20 days'
                        FROM product_view v JOIN plan_tenant t ON t.tenant_id = v.tenant_id, generate_series(1, 3) d""");
                setup.execute("ANALYZE product_view");
                setup.execute("ANALYZE product_price");
                setup.execute("ANALYZE product_price_history");
                String read = explain(connection, statement.sql(), statement.args());
                // the probe the history read drove from before: product_price has no index leading with the tenant
                String former = explain(connection, "SELECT product_id FROM product_price WHERE tenant_id = ? AND currency = ?",
                        new Object[]{tenant, "USD"});
                return new String[]{read, former};
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        });

        assertThat(plans[0]).doesNotContain("Seq Scan")
                .contains("product_price_history_tenant").contains("product_view");
        assertThat(plans[1]).as("the statistics make a scan of every tenant's prices visible")
                .contains("Seq Scan on product_price");
    }

    private static String explain(Connection connection, String sql, Object[] args) throws java.sql.SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < args.length; i++) {
                explain.setObject(i + 1, args[i]);
            }
            StringBuilder lines = new StringBuilder();
            try (var rows = explain.executeQuery()) {
                while (rows.next()) {
                    lines.append(rows.getString(1)).append('\n');
                }
            }
            return lines.toString();
        }
    }
}
