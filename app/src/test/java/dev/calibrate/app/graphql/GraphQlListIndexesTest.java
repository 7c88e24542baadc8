package dev.calibrate.app.graphql;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyset orders GraphQL's lists page in have an index (V38): planned as a request runs them, as the request
 * role with the tenant set and row-level security on, over 20,000 rows of the tenant, an entity's audit entries
 * and a channel's resolved drifts are read from an index in the list's order, both ways, not sorted after a scan.
 * The statements are those of {@code AuditEntries.window} and {@code ChannelQueries.driftWindow}.
 */
class GraphQlListIndexesTest extends IntegrationTest {

    private static final int ROWS = 20_000;

    @Autowired
    Environment env;
    @Autowired
    TenantScope tenantScope;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEntitysAuditEntriesAreReadFromTheEntityPositionIndexBothWays() {
        Api.TenantToken acme = api.newTenant("Audit plan");
        try (Sql owner = Sql.connect(env)) {
            owner.execute("INSERT INTO audit_entry (event_id, global_index, tenant_id, entity_type, entity_id, action,"
                    + " actor, at) SELECT 'plan-' || gen_random_uuid(), 9000000000 + g, '" + acme.tenantId() + "',"
                    + " CASE WHEN g % 10 = 0 THEN 'tenant' ELSE 'product' END, 'entity-' || (g % 400),"
                    + " 'ProductPriceChanged', 'someone', now() FROM generate_series(1, " + ROWS + ") g");
            owner.execute("ANALYZE audit_entry");
        }
        for (String direction : List.of(" DESC", "")) {
            String entity = plan(acme, "SELECT * FROM audit_entry WHERE true AND entity_id = ? AND global_index < ?"
                    + " ORDER BY global_index" + direction + " LIMIT ?", "entity-7", Long.MAX_VALUE, 51);
            assertThat(entity).as(entity).contains("audit_entry_tenant_entity_position").doesNotContain("Sort");
            String type = plan(acme, "SELECT * FROM audit_entry WHERE true AND entity_type = ? AND global_index < ?"
                    + " ORDER BY global_index" + direction + " LIMIT ?", "tenant", Long.MAX_VALUE, 51);
            assertThat(type).as(type).contains("audit_entry_tenant_type_position").doesNotContain("Sort");
        }
    }

    @Test
    void aChannelsResolvedDriftsAreReadFromTheDetectedIndexBothWays() {
        Api.TenantToken acme = api.newTenant("Drift plan");
        try (Sql owner = Sql.connect(env)) {
            owner.execute("INSERT INTO channel_drift_view (product_id, channel, tenant_id, sku, currency, expected,"
                    + " actual, state, detected_at, resolved_at, version) SELECT gen_random_uuid(), 'shopify', '"
                    + acme.tenantId() + "', 'P-' || g, 'USD', 18.00, 19.50, (ARRAY['OPEN', 'REPAIRING', 'ACCEPTED',"
                    + " 'REPAIRED'])[g % 4 + 1], now() - g * interval '1 minute', NULL, 1"
                    + " FROM generate_series(1, " + ROWS + ") g");
            owner.execute("ANALYZE channel_drift_view");
        }
        // a page deep in each direction: most drifts lie beyond the cursor (a bound near the end is a short range
        // the state index reads and sorts cheaply, which the planner rightly prefers)
        Timestamp at = Timestamp.from(Instant.now().minusSeconds(3_600));
        Timestamp early = Timestamp.from(Instant.now().minusSeconds(60L * (ROWS - 1_000)));
        String[] resolved = {"ACCEPTED", "REPAIRED"};
        String after = plan(acme, "SELECT product_id, channel, sku, currency, expected, actual, actual_compare_at,"
                + " state, detected_at, resolved_at FROM channel_drift_view WHERE channel = ? AND state = ANY (?)"
                + " AND detected_at <= ? AND (detected_at < ? OR (detected_at = ? AND product_id > ?))"
                + " ORDER BY detected_at DESC, product_id LIMIT ?", "shopify", resolved, at, at, at,
                java.util.UUID.randomUUID(), 51);
        assertThat(after).as(after).contains("channel_drift_view_detected").doesNotContain("Sort");
        String before = plan(acme, "SELECT product_id, channel, sku, currency, expected, actual, actual_compare_at,"
                + " state, detected_at, resolved_at FROM channel_drift_view WHERE channel = ? AND state = ANY (?)"
                + " AND detected_at >= ? AND (detected_at > ? OR (detected_at = ? AND product_id < ?))"
                + " ORDER BY detected_at, product_id DESC LIMIT ?", "shopify", resolved, early, early, early,
                java.util.UUID.randomUUID(), 51);
        assertThat(before).as(before).contains("channel_drift_view_detected").doesNotContain("Sort");
    }

    /** The plan of {@code sql} as the request role in the tenant's scope (row-level security on). */
    private String plan(Api.TenantToken tenant, String sql, Object... args) {
        // whether an index serves the order, not which plan the statistics of the moment favour: a few matching
        // rows made a sorted bitmap scan cheaper in one CI run. With sorting priced out, a Sort still shows
        // when no index gives the order
        List<String> lines = tenantScope.read(TenantId.parse(tenant.tenantId()), () -> {
            jdbc.execute("SET LOCAL enable_sort = off");
            return jdbc.query(connection -> {
                PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql);
                for (int i = 0; i < args.length; i++) {
                    Object arg = args[i];
                    if (arg instanceof String[] array) {
                        explain.setArray(i + 1, connection.createArrayOf("text", array));
                    } else {
                        explain.setObject(i + 1, arg);
                    }
                }
                return explain;
            }, (rs, row) -> rs.getString(1));
        });
        String role = tenantScope.read(TenantId.parse(tenant.tenantId()),
                () -> jdbc.queryForObject("SELECT current_user", String.class));
        assertThat(role).as("the request role, which row-level security applies to").isNotEqualTo("postgres");
        return String.join("\n", lines);
    }
}
