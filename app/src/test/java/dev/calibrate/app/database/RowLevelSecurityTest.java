package dev.calibrate.app.database;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_SALE;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants are kept apart by PostgreSQL, not by application code: a session of the request role
 * sees only the rows of the tenant in {@code app.tenant_id}, none without one, and writes nothing.
 * Checked here in plain SQL, below the application, on every read-model table.
 */
class RowLevelSecurityTest extends IntegrationTest {

    static final List<String> READ_MODELS = List.of("product_view", "product_price", "product_price_history",
            "audit_entry", "tenant_view", "api_token_view", "tenant_policy_view", "price_change_view",
            "channel_product", "channel_drift_view", "price_change_channel_sync", "competitor_view",
            "competitor_observation", "user_account");

    @Autowired
    Environment env;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private String tenantA;
    private String tenantB;

    @BeforeEach
    void twoTenantsWithProducts() {
        Api.TenantToken a = api.newTenant("RLS A");
        Api.TenantToken b = api.newTenant("RLS B");
        for (Api.TenantToken tenant : List.of(a, b)) {
            // the same SKUs in both tenants: only the tenant tells the rows apart
            api.post("/api/v1/products", tenant.token(), product("RLS-1", "10.00"));
            api.post("/api/v1/products", tenant.token(), product("RLS-1", "11.00"));
            api.post("/api/v1/products", tenant.token(), product("RLS-2", "5.00", "4.50"));
            assertThat(api.post("/api/v1/users", tenant.token(), Map.of("email", "rls-" + UUID.randomUUID()
                    + "@acme.example", "name", "RLS person", "roles", List.of("viewer"))).status()).isEqualTo(201);
            // the same competitor domain in both tenants, observing the same SKU
            Api.Response competitor = api.post("/api/v1/competitors", tenant.token(),
                    Map.of("name", "Bolt", "domain", "bolt.example"));
            // waits for the catalog to know the SKU written above
            assertThat(api.post("/api/v1/competitors/" + competitor.json().get("id").asText() + "/observations",
                    tenant.token(), Map.of("observations", List.of(Map.of("sku", "RLS-1", "price", "9.50",
                            "currency", "USD", "observedAt", Instant.now().minusSeconds(60).toString()))),
                    "X-Calibrate-Wait-For", Long.toString(competitor.position())).json().get("accepted").asInt())
                    .isEqualTo(1);
            TenantId tenantId = TenantId.parse(tenant.tenantId());
            PriceChangeId change = PriceChangeId.random();
            StoredEvents events = new StoredEvents(eventStore, positions, jdbc);
            events.append("PriceChange", change.toString(), tenant.tenantId(), tenant.tokenId(),
                    new PriceChangeDrafted(change, tenantId, new Actor(tenant.tokenId()), SUMMER_SALE, Instant.now()));
            events.append("Tenant", tenant.tenantId(), tenant.tenantId(), tenant.tokenId(),
                    new TenantPolicyChanged(tenantId, TenantPolicy.unrestricted()));
            ProductId product = ProductId.forSku(tenantId, "RLS-1");
            Money set = Money.parse("9.00", "USD", "amount");
            events.append("Product", product.toString(), tenant.tenantId(), tenant.tokenId(),
                    new ProductDetailsChanged(product, tenantId, new ProductDetails("Product RLS-1", null, null, null,
                            null, Map.of("shopify", Map.of("variantId", "gid://shopify/ProductVariant/1"))),
                            List.of("channelRefs")),
                    new ProductPriceChanged(product, tenantId, change, RunKind.APPLY, Money.parse("11.00", "USD",
                            "amount"), set, null, null, EXPLAIN),
                    new ChannelPriceDriftDetected(product, tenantId, "shopify", set,
                            Money.parse("9.50", "USD", "amount"), null));
        }
        tenantA = a.tenantId();
        tenantB = b.tenantId();
        EventProcessors.awaitCaughtUp(api, "catalog", "audit", "tenants", "price-changes", "channels", "competitors");
        try (Sql owner = Sql.connect(env)) {
            for (String table : READ_MODELS) {
                assertThat(rowsOf(owner, table, tenantA)).as("%s rows of A", table).isPositive();
                assertThat(rowsOf(owner, table, tenantB)).as("%s rows of B", table).isPositive();
            }
        }
    }

    @Test
    void aTenantSessionSeesAllItsRowsAndNoneOfAnotherTenant() {
        for (String[] pair : new String[][] {{tenantA, tenantB}, {tenantB, tenantA}}) {
            String self = pair[0];
            String other = pair[1];
            try (Sql owner = Sql.connect(env); Sql api = Sql.connect(env).as("calibrate_api").tenant(self)) {
                for (String table : READ_MODELS) {
                    assertThat(api.query("SELECT DISTINCT tenant_id FROM " + table))
                            .as("tenants visible in %s", table)
                            .containsExactly(Map.of("tenant_id", UUID.fromString(self)));
                    assertThat(api.count("SELECT count(*) FROM " + table))
                            .as("rows of %s visible to its tenant", table)
                            .isEqualTo(rowsOf(owner, table, self));
                    assertThat(rowsOf(api, table, other)).as("rows of another tenant in %s", table).isZero();
                }
            }
        }
    }

    @Test
    void aSessionWithoutTenantSeesNothing() {
        try (Sql api = Sql.connect(env).as("calibrate_api")) {
            assertThat(api.single("SELECT current_setting('app.tenant_id', true)")).isNull();
            assertSeesNothing(api);
            api.tenant("");
            assertThat(api.single("SELECT current_setting('app.tenant_id', true)")).isEqualTo("");
            assertSeesNothing(api);
        }
    }

    @Test
    void aTenantSetForOneTransactionOnlyLeavesNothingVisibleAfterIt() {
        // the application sets the tenant with SET LOCAL semantics; afterwards the setting is '' not NULL
        try (Sql api = Sql.connect(env).as("calibrate_api")) {
            api.execute("BEGIN");
            api.query("SELECT set_config('app.tenant_id', ?, true)", tenantA);
            assertThat(api.count("SELECT count(*) FROM product_view")).isPositive();
            api.execute("COMMIT");
            assertSeesNothing(api);
        }
    }

    @Test
    void theRequestRoleCannotWriteReadModels() {
        Map<String, Long> before = rowCounts();
        try (Sql api = Sql.connect(env).as("calibrate_api").tenant(tenantA)) {
            for (String table : READ_MODELS) {
                assertPermissionDenied(api.failureOf("INSERT INTO %s SELECT * FROM %s".formatted(table, table)), table);
                assertPermissionDenied(api.failureOf("UPDATE %s SET tenant_id = tenant_id".formatted(table)), table);
                assertPermissionDenied(api.failureOf("DELETE FROM " + table), table);
                assertPermissionDenied(api.failureOf("TRUNCATE " + table), table);
            }
        }
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void theRequestRoleCannotReadCredentialsOrProcessorState() {
        // the event store it reads through row-level security, see EventStoreTenantTest
        try (Sql api = Sql.connect(env).as("calibrate_api").tenant(tenantA)) {
            for (String table : List.of("api_credential", "admin_credential", "user_credential", "user_identity",
                    "tokenentry", "deadletterentry")) {
                assertPermissionDenied(api.failureOf("SELECT * FROM " + table), table);
            }
        }
    }

    @Test
    void everyTableWithATenantColumnForcesRowLevelSecurity() {
        try (Sql owner = Sql.connect(env)) {
            List<Map<String, Object>> tenantTables = owner.query("""
                    SELECT c.relname AS table_name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
                      FROM pg_class c
                      JOIN pg_namespace n ON n.oid = c.relnamespace
                      JOIN pg_attribute a ON a.attrelid = c.oid
                     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                       AND a.attname = 'tenant_id' AND NOT a.attisdropped
                     ORDER BY c.relname""");
            assertThat(tenantTables).extracting(t -> t.get("table_name"))
                    .containsAll(READ_MODELS).contains("api_credential");
            assertThat(tenantTables)
                    .filteredOn(t -> !"api_credential".equals(t.get("table_name")))
                    .allSatisfy(t -> {
                        assertThat(t.get("enabled")).as("row security on %s", t.get("table_name")).isEqualTo(true);
                        assertThat(t.get("forced")).as("forced row security on %s", t.get("table_name")).isEqualTo(true);
                        assertThat(owner.count("SELECT count(*) FROM pg_policies WHERE schemaname = 'public' "
                                        + "AND tablename = ? AND 'calibrate_api' = ANY (roles) AND cmd = 'SELECT' "
                                        + "AND qual LIKE '%app.tenant_id%'", t.get("table_name")))
                                .as("tenant policy of %s", t.get("table_name")).isEqualTo(1);
                    });
            // a partition is read through its table, whose policies apply; read directly it would bypass
            // them, so the request role has no privilege on any partition (price_change_item_all, V21)
            List<Map<String, Object>> partitions = owner.query("""
                    SELECT c.relname AS partition_name,
                           has_table_privilege('calibrate_api', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') AS api,
                           has_table_privilege('calibrate_worker', c.oid, 'SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') AS worker_beyond_insert
                      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relispartition""");
            assertThat(partitions).extracting(p -> p.get("partition_name")).contains("price_change_item_all");
            assertThat(partitions).allSatisfy(p -> {
                assertThat(p.get("api")).as("request role on %s", p.get("partition_name")).isEqualTo(false);
                assertThat(p.get("worker_beyond_insert")).as("worker role on %s", p.get("partition_name")).isEqualTo(false);
            });
            // credentials have no row policy because the request role has no access to them at all
            assertThat(owner.single("SELECT has_table_privilege('calibrate_api', 'api_credential', "
                    + "'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')")).isEqualTo(false);
            assertThat(owner.single("SELECT has_any_column_privilege('calibrate_api', 'api_credential', 'SELECT')"))
                    .isEqualTo(false);
        }
    }

    private void assertSeesNothing(Sql api) {
        for (String table : READ_MODELS) {
            assertThat(api.count("SELECT count(*) FROM " + table)).as("rows of %s without a tenant", table).isZero();
        }
    }

    private Map<String, Long> rowCounts() {
        try (Sql owner = Sql.connect(env)) {
            Map<String, Long> counts = new TreeMap<>();
            for (String table : READ_MODELS) {
                counts.put(table, owner.count("SELECT count(*) FROM " + table));
            }
            return counts;
        }
    }

    private static long rowsOf(Sql sql, String table, String tenantId) {
        return sql.count("SELECT count(*) FROM " + table + " WHERE tenant_id = ?::uuid", tenantId);
    }

    private static void assertPermissionDenied(SQLException failure, String table) {
        assertThat((Throwable) failure).as("statement on %s must fail", table).isNotNull();
        assertThat(failure.getSQLState()).isEqualTo(Sql.INSUFFICIENT_PRIVILEGE);
        assertThat((Throwable) failure).hasMessageContaining("permission denied for table " + table);
    }
}
