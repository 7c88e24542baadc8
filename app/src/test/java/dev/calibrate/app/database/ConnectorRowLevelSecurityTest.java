package dev.calibrate.app.database;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables of channel sync, the Shopify and Amazon connectors and competitor monitoring (V6-V10)
 * keep tenants apart in PostgreSQL: the request role reads only its tenant's rows, and a worker
 * session that names a tenant reaches only that tenant's rows, for reads and writes; no policy lets
 * every row through unconditionally. Checked in plain SQL, inside one transaction that is rolled
 * back, so the rows made up here never reach the connectors' background jobs or other tests.
 */
class ConnectorRowLevelSecurityTest extends IntegrationTest {

    /** Every table V6-V10 and V19 created. */
    static final List<String> CONNECTOR_TABLES = List.of("channel_product", "channel_drift_view",
            "price_change_channel_sync", "shopify_connection", "shopify_sync", "shopify_variant_link",
            "shopify_product_seen", "shopify_webhook_receipt", "shopify_delivery", "shopify_delivery_outcome",
            "shopify_oauth_state", "amazon_connection", "amazon_sync", "amazon_listing", "competitor_view",
            "competitor_observation", "shopify_running_change");

    /** The connectors' own tables, each given one row per tenant below. */
    static final List<String> CONNECTOR_STATE = List.of("shopify_connection", "shopify_sync",
            "shopify_variant_link", "shopify_product_seen", "shopify_webhook_receipt", "shopify_delivery",
            "shopify_delivery_outcome", "shopify_oauth_state", "amazon_connection", "amazon_sync", "amazon_listing");

    @Autowired
    Environment env;

    private Sql session;
    private final String tenantA = UUID.randomUUID().toString();
    private final String tenantB = UUID.randomUUID().toString();

    @BeforeEach
    void bothTenantsHaveARowInEveryConnectorTable() {
        session = Sql.connect(env);
        session.execute("BEGIN");
        for (String tenant : List.of(tenantA, tenantB)) {
            insertConnectorState(tenant);
        }
        for (String table : CONNECTOR_STATE) {
            assertThat(rowsOf(table, tenantA)).as("%s rows of A", table).isEqualTo(1);
            assertThat(rowsOf(table, tenantB)).as("%s rows of B", table).isEqualTo(1);
        }
    }

    @AfterEach
    void nothingIsKept() {
        session.execute("ROLLBACK");
        session.close();
    }

    @Test
    void noPolicyOnAConnectorTableLetsEveryRowThrough() {
        List<Map<String, Object>> policies = session.query("""
                SELECT tablename, policyname, roles::text AS roles, qual, with_check FROM pg_policies
                 WHERE schemaname = 'public' AND tablename = ANY (?::text[])""",
                (Object) CONNECTOR_TABLES.toArray(String[]::new));

        assertThat(policies).extracting(p -> p.get("tablename")).containsAll(CONNECTOR_TABLES);
        assertThat(policies).allSatisfy(policy -> {
            assertThat(policy.get("qual")).as("USING of %s", policy).isNotEqualTo("true");
            assertThat(policy.get("with_check")).as("WITH CHECK of %s", policy).isNotEqualTo("true");
            assertThat((String) policy.get("qual")).as("USING of %s", policy).contains("app.tenant_id");
        });
        for (String table : CONNECTOR_TABLES) {
            assertThat(session.query("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = ?::regclass",
                    table)).as(table).containsExactly(Map.of("relrowsecurity", true, "relforcerowsecurity", true));
            assertThat(policies).as("policies of %s", table)
                    .filteredOn(p -> table.equals(p.get("tablename")))
                    .extracting(p -> p.get("roles"))
                    .containsExactlyInAnyOrder("{calibrate_api}", "{calibrate_worker}");
        }
    }

    @Test
    void theRequestRoleReadsOnlyItsTenantsConnectorRowsAndWritesNone() {
        session.execute("SET LOCAL ROLE calibrate_api");
        nameTenant(tenantA);
        for (String table : CONNECTOR_STATE) {
            assertThat(session.query("SELECT DISTINCT tenant_id FROM " + table)).as(table)
                    .containsExactly(Map.of("tenant_id", UUID.fromString(tenantA)));
            assertThat(rowsOf(table, tenantB)).as("rows of B in %s", table).isZero();
            assertRefused(table, "DELETE FROM " + table, Sql.INSUFFICIENT_PRIVILEGE);
        }
        nameTenant("");
        for (String table : CONNECTOR_STATE) {
            assertThat(session.count("SELECT count(*) FROM " + table)).as("%s with no tenant", table).isZero();
        }
    }

    @Test
    void aWorkerSessionThatNamesATenantReachesOnlyThatTenantsRows() {
        session.execute("SET LOCAL ROLE calibrate_worker");
        nameTenant(tenantA);
        for (String table : CONNECTOR_STATE) {
            assertThat(session.query("SELECT DISTINCT tenant_id FROM " + table)).as(table)
                    .containsExactly(Map.of("tenant_id", UUID.fromString(tenantA)));
            assertThat(session.count("WITH gone AS (DELETE FROM " + table + " WHERE tenant_id = ?::uuid RETURNING 1) "
                    + "SELECT count(*) FROM gone", tenantB)).as("B's rows deleted from %s", table).isZero();
            assertRefused(table, "UPDATE " + table + " SET tenant_id = '" + tenantB + "'", "42501");
        }
        // nor can it write a row for another tenant
        assertRefused("shopify_sync", "INSERT INTO shopify_sync (tenant_id, state, requested_at) "
                + "VALUES ('" + UUID.randomUUID() + "', 'COMPLETED', now())", "42501");

        session.execute("RESET ROLE");
        for (String table : CONNECTOR_STATE) {
            assertThat(rowsOf(table, tenantB)).as("B's rows in %s are untouched", table).isEqualTo(1);
        }
    }

    @Test
    void aWorkerSessionThatNamesNoTenantIsAProcessorAndReachesEveryTenant() {
        session.execute("SET LOCAL ROLE calibrate_worker");
        for (String table : CONNECTOR_STATE) {
            assertThat(rowsOf(table, tenantA)).as("%s rows of A", table).isEqualTo(1);
            assertThat(rowsOf(table, tenantB)).as("%s rows of B", table).isEqualTo(1);
        }
    }

    private void insertConnectorState(String tenant) {
        String unique = UUID.randomUUID().toString();
        String product = UUID.randomUUID().toString();
        String later = "now() + interval '1 year'"; // never due: the rows are not real work
        session.query("INSERT INTO shopify_connection (tenant_id, shop, currency, kind, access_token, status, connected_at)"
                + " VALUES (?::uuid, ?, 'USD', 'CUSTOM_APP', '\\x00', 'ACTIVE', now()) RETURNING 1",
                tenant, "rls-" + unique + ".myshopify.com");
        session.query("INSERT INTO shopify_sync (tenant_id, state, requested_at) VALUES (?::uuid, 'COMPLETED', now())"
                + " RETURNING 1", tenant);
        session.query("INSERT INTO shopify_variant_link (tenant_id, product_id, sku) VALUES (?::uuid, ?::uuid, 'RLS-1')"
                + " RETURNING 1", tenant, product);
        session.query("INSERT INTO shopify_product_seen (tenant_id, product_gid, updated_at)"
                + " VALUES (?::uuid, 'gid://shopify/Product/1', now()) RETURNING 1", tenant);
        session.query("INSERT INTO shopify_webhook_receipt (webhook_id, shop, tenant_id, topic, received_at)"
                + " VALUES (?, ?, ?::uuid, 'products/update', now()) RETURNING 1", unique, "rls-" + unique + ".myshopify.com", tenant);
        session.query("INSERT INTO shopify_delivery (tenant_id, product_id, product_gid, variant_gid, intent_seq, action,"
                + " currency, price, intended_at, status, next_attempt_at) VALUES (?::uuid, ?::uuid,"
                + " 'gid://shopify/Product/1', 'gid://shopify/ProductVariant/1', 1, 'APPLY', 'USD', 10, now(), 'SYNCED', "
                + later + ") RETURNING 1", tenant, product);
        session.query("INSERT INTO shopify_delivery_outcome (tenant_id, product_id, currency, price, result, decided_at,"
                + " next_attempt_at) VALUES (?::uuid, ?::uuid, 'USD', 10, 'SYNCED', now(), " + later + ") RETURNING 1",
                tenant, product);
        session.query("INSERT INTO shopify_oauth_state (state, shop, tenant_id, created_at)"
                + " VALUES (?, 'rls.myshopify.com', ?::uuid, now()) RETURNING 1", unique, tenant);
        session.query("INSERT INTO amazon_connection (tenant_id, seller_id, region, marketplace_ids, client_id,"
                + " client_secret, refresh_token, status, connected_at) VALUES (?::uuid, ?, 'na', '{ATVPDKIKX0DER}',"
                + " '\\x00', '\\x00', '\\x00', 'ACTIVE', now()) RETURNING 1", tenant, "RLS" + unique);
        session.query("INSERT INTO amazon_sync (tenant_id, state, requested_at) VALUES (?::uuid, 'COMPLETED', now())"
                + " RETURNING 1", tenant);
        session.query("INSERT INTO amazon_listing (tenant_id, sku, product_id, marketplace_id, title)"
                + " VALUES (?::uuid, 'RLS-1', ?::uuid, 'ATVPDKIKX0DER', 'Tee') RETURNING 1", tenant, product);
    }

    private void nameTenant(String tenant) {
        session.query("SELECT set_config('app.tenant_id', ?, true)", tenant);
    }

    private long rowsOf(String table, String tenant) {
        return session.count("SELECT count(*) FROM " + table + " WHERE tenant_id = ?::uuid", tenant);
    }

    /** Runs a statement that must fail with {@code sqlState}, keeping the surrounding transaction usable. */
    private void assertRefused(String table, String statement, String sqlState) {
        session.execute("SAVEPOINT refused");
        SQLException failure = session.failureOf(statement);
        session.execute("ROLLBACK TO SAVEPOINT refused");
        assertThat((Throwable) failure).as("%s must be refused: %s", table, statement).isNotNull();
        assertThat(failure.getSQLState()).as(statement).isEqualTo(sqlState);
    }
}
