package dev.calibrate.app.database;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event names its tenant in {@code domainevententry.tenant_id}, and the request role reads the
 * event store through row-level security on it: a request can only ever read its own tenant's
 * events, so a product's history or price at an instant of another tenant reads like an unknown id.
 */
class EventStoreTenantTest extends IntegrationTest {

    private static final MigrationVersion TENANT_COLUMN_VERSION = MigrationVersion.fromVersion("14");
    private static final String TENANT_OF_EVENTS =
            "SELECT DISTINCT tenant_id FROM domainevententry WHERE aggregateidentifier = ?";

    @Autowired
    Environment env;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private Api.TenantToken acme;
    private Api.TenantToken globex;
    private String acmeProduct;
    private String globexProduct;

    @BeforeEach
    void twoTenantsWithTheSameSku() {
        acme = api.newTenant("Events A " + UUID.randomUUID());
        globex = api.newTenant("Events B " + UUID.randomUUID());
        acmeProduct = created(acme, "EV-1");
        globexProduct = created(globex, "EV-1");
    }

    @Test
    void anEventAppendedThroughTheApiCarriesItsTenant() {
        try (Sql owner = Sql.connect(env)) {
            assertThat(owner.query(TENANT_OF_EVENTS, acmeProduct))
                    .containsExactly(Map.of("tenant_id", UUID.fromString(acme.tenantId())));
            assertThat(owner.query(TENANT_OF_EVENTS, globexProduct))
                    .containsExactly(Map.of("tenant_id", UUID.fromString(globex.tenantId())));
        }
    }

    @Test
    void anEventAppendedByOtherWorkTakesTheTenantItNamesNotTheOneItsMetadataClaims() {
        // metadata is whatever the appending code stamped; the payload is what the aggregate decided
        new StoredEvents(eventStore, positions, jdbc).append("Product", acmeProduct, globex.tenantId(), "system",
                new ProductDeactivated(new ProductId(UUID.fromString(acmeProduct)), TenantId.parse(acme.tenantId())));

        try (Sql owner = Sql.connect(env)) {
            assertThat(owner.query(TENANT_OF_EVENTS, acmeProduct))
                    .containsExactly(Map.of("tenant_id", UUID.fromString(acme.tenantId())));
        }
    }

    @Test
    void theRequestRoleReadsOnlyItsTenantsEvents() {
        try (Sql owner = Sql.connect(env); Sql request = Sql.connect(env).as("calibrate_api").tenant(acme.tenantId())) {
            assertThat(request.count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                    acmeProduct)).isEqualTo(owner.count(
                    "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", acmeProduct)).isPositive();
            assertThat(request.count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                    globexProduct)).isZero();
            assertThat(request.query("SELECT DISTINCT tenant_id FROM domainevententry"))
                    .containsExactly(Map.of("tenant_id", UUID.fromString(acme.tenantId())));
        }
        try (Sql request = Sql.connect(env).as("calibrate_api")) {
            assertThat(request.count("SELECT count(*) FROM domainevententry")).as("no tenant set").isZero();
            request.tenant("");
            assertThat(request.count("SELECT count(*) FROM domainevententry")).as("tenant cleared").isZero();
        }
    }

    @Test
    void theRequestRoleCannotWriteEvents() {
        try (Sql request = Sql.connect(env).as("calibrate_api").tenant(acme.tenantId())) {
            for (String statement : List.of(
                    "INSERT INTO domainevententry SELECT * FROM domainevententry LIMIT 1",
                    "UPDATE domainevententry SET tenant_id = tenant_id",
                    "DELETE FROM domainevententry")) {
                SQLException failure = request.failureOf(statement);
                assertThat((Throwable) failure).as(statement).isNotNull();
                assertThat(failure.getSQLState()).isEqualTo(Sql.INSUFFICIENT_PRIVILEGE);
            }
        }
    }

    @Test
    void anotherTenantsProductHistoryAndPriceAtReadExactlyLikeARandomId() {
        String random = UUID.randomUUID().toString();
        for (String read : List.of("/history", "/price-at?currency=USD&at=2100-01-01T00:00:00Z")) {
            Api.Response theirs = api.get("/api/v1/products/" + globexProduct + read, acme.token());
            Api.Response unknown = api.get("/api/v1/products/" + random + read, acme.token());

            JsonNode a = assertProblem(theirs, 404, "not-found");
            JsonNode b = assertProblem(unknown, 404, "not-found");
            assertThat(a.get("detail").asText().replace(globexProduct, "<id>"))
                    .as(read).isEqualTo(b.get("detail").asText().replace(random, "<id>"));
            assertThat(a.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(() -> b.fieldNames());
            assertThat(theirs.body()).doesNotContain(globex.tenantId(), "EV-1");
            assertThat(api.get("/api/v1/products/" + acmeProduct + read, acme.token()).status())
                    .as("own product " + read).isEqualTo(200);
        }
    }

    @Test
    void aStoreFromBeforeTheTenantColumnGetsEveryEventsTenantWhenItMigrates() {
        String database = "before_tenant_" + UUID.randomUUID().toString().replace("-", "");
        try (Sql owner = Sql.connect(env)) {
            owner.execute("CREATE DATABASE " + database);
        }
        String url = env.getRequiredProperty("spring.datasource.url").replaceFirst("/[^/]+$", "/" + database);
        UUID fromPayload = UUID.randomUUID();
        UUID poisoned = UUID.randomUUID();
        flyway(url, lastVersionBefore(url, TENANT_COLUMN_VERSION)).migrate();
        try (Sql old = Sql.connect(url)) {
            insertEvent(old, "p-1", "{\"productId\":\"p-1\",\"tenantId\":\"" + fromPayload + "\"}",
                    "{\"tenantId\":\"" + UUID.randomUUID() + "\"}");
            // the metadata's tenant is what the appending code claimed, not what the event is about
            insertEvent(old, "t-1", "{\"name\":\"no tenant in here\"}", "{\"tenantId\":\"" + UUID.randomUUID() + "\"}");
            // jsonb refuses \u0000, which events stored before input was checked may hold
            insertEvent(old, "p-2", "{\"sku\":\"NUL\\u0000SKU\",\"tenantId\":\"" + poisoned + "\"}", "{}");
            insertEvent(old, "x-1", "{\"admin\":true}", "{}");
        }

        flyway(url, MigrationVersion.LATEST).migrate();

        try (Sql migrated = Sql.connect(url)) {
            assertThat(migrated.query("SELECT aggregateidentifier, tenant_id FROM domainevententry ORDER BY globalindex"))
                    .containsExactly(row("p-1", fromPayload), row("t-1", null), row("p-2", poisoned),
                            row("x-1", null));
            assertThat((Throwable) migrated.failureOf("UPDATE domainevententry SET tenant_id = NULL"))
                    .as("append-only again after the backfill").isNotNull();
        }
        try (Sql owner = Sql.connect(env)) {
            owner.execute("DROP DATABASE " + database + " WITH (FORCE)");
        }
    }

    private static Map<String, Object> row(String aggregate, UUID tenant) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("aggregateidentifier", aggregate);
        row.put("tenant_id", tenant);
        return row;
    }

    private static void insertEvent(Sql sql, String aggregate, String payload, String metadata) {
        sql.query("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadtype, timestamp) VALUES (?, 0, 'Test', ?, ?, ?, 'Test', ?) "
                        + "RETURNING globalindex",
                aggregate, UUID.randomUUID().toString(), metadata.getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8), "2026-12-01T00:00:00Z");
    }

    private static Flyway flyway(String url, MigrationVersion target) {
        return Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration")
                .target(target).load();
    }

    private static MigrationVersion lastVersionBefore(String url, MigrationVersion version) {
        return Arrays.stream(flyway(url, MigrationVersion.LATEST).info().all())
                .map(MigrationInfo::getVersion)
                .filter(v -> v.compareTo(version) < 0)
                .max(Comparator.naturalOrder())
                .orElseThrow();
    }

    private String created(Api.TenantToken tenant, String sku) {
        Api.Response created = api.post("/api/v1/products", tenant.token(), product(sku, "10.00"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }
}
