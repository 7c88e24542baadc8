package dev.calibrate.app.messaging.axonserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.security.token.ApiTokens;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.SharedPostgres;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.webhooks.delivery.WebhookDispatcher;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.calibrate.command.product.price.ProductEventStreams;
import dev.calibrate.command.simulation.ProductChanges;
import dev.calibrate.command.product.ingest.StoredProducts;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TokenId;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The axonserver profile's wiring, with no Axon Server: the connector is pointed at a local port nothing
 * listens on, so it never connects and nothing leaves the machine. Events, commands and queries are wired
 * to Axon Server, everything else to PostgreSQL, and what the profile switches off answers a 503 problem.
 * What it cannot show is that Axon Server accepts what the connector sends (docs/operations.md#axon-server-profile).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "calibrate.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                "calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY,
                "calibrate.pricing.preview.catalog.warm-on-start=false",
                // closed after the class: no readiness grace to wait
                "calibrate.shutdown.readiness-grace=0s"
        })
@ActiveProfiles("axonserver")
@ContextConfiguration(initializers = SharedPostgres.class)
@DirtiesContext // its connector retries a server that is not there: closed after the class, not cached for the JVM
class AxonServerProfileTest {

    private static final String SERVERS = "127.0.0.1:" + closedPort();

    @DynamicPropertySource
    static void nowhere(DynamicPropertyRegistry registry) {
        registry.add("axon.axonserver.servers", () -> SERVERS);
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    org.axonframework.config.Configuration axon;

    @Autowired
    ObjectMapper mapper;

    @Autowired
    ApiTokens tokens;

    @LocalServerPort
    int port;

    @Test
    void theConnectorIsConfiguredForTheGivenServersAndHasNotConnected() {
        assertThat(context.getBean(AxonServerConfiguration.class).getServers()).isEqualTo(SERVERS);
        assertThat(context.getBean(AxonServerConnectionManager.class).isConnected("default")).isFalse();
    }

    @Test
    void eventsAreStoredInAxonServerAndNotInPostgres() {
        assertThat(axon.eventStore()).isInstanceOf(AxonServerEventStore.class);
        assertThat(axon.eventBus()).isSameAs(axon.eventStore());
        assertThat(context.getBeansOfType(EventStorageEngine.class)).isEmpty();
    }

    @Test
    void commandsAndQueriesAreRoutedThroughAxonServer() {
        assertThat(axon.commandBus()).isInstanceOf(AxonServerCommandBus.class);
        assertThat(axon.queryBus()).isInstanceOf(AxonServerQueryBus.class);
    }

    @Test
    void readModelsTokensAndSagasStayOnPostgres() throws SQLException {
        try (Connection connection = context.getBean(DataSource.class).getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
        assertThat(context.getBean(SagaStore.class)).isInstanceOf(JdbcSagaStore.class);
    }

    @Test
    void positionsAndProductStreamsAreAskedOfAxonsEventStoreNotOfTheEventTable() {
        assertThat(context.getBean(EventPositions.class).getClass().getName())
                .startsWith(AxonServerEventReads.class.getName());
        assertThat(context.getBean(StoredProducts.class).getClass().getName())
                .startsWith(AxonServerEventReads.class.getName());
        assertThat(context.getBean(ProductEventStreams.class).getClass().getName())
                .startsWith(AxonServerEventReads.class.getName());
        assertThat(context.getBean(ProductChanges.class).getClass().getName())
                .startsWith(AxonServerEventReads.class.getName());
    }

    /**
     * A tenant's token, stored directly: issuing one through the API sends a command, which needs Axon Server.
     */
    private String tenantToken() {
        return tokens.storeNew(new TenantId(UUID.randomUUID()), TokenId.random(), EnumSet.allOf(Scope.class),
                null, null);
    }

    @Test
    void everyFeatureTheProfileSwitchesOffAnswersA503ProblemNamingIt() {
        Api api = new Api("http://localhost:" + port, IntegrationTest.ADMIN_TOKEN, mapper);
        String token = tenantToken();
        List<String> paths = List.of("/api/v1/events", "/api/v1/events/stream", "/api/v1/webhooks",
                "/api/v1/webhooks/00000000-0000-0000-0000-000000000001/deliveries",
                "/api/v1/audit/export", "/api/v1/audit/verify", "/api/v1/audit/checkpoints",
                "/api/v1/audit/checkpoints/latest", "/api/v1/audit/proofs/inclusion",
                "/api/v1/products/sku-1/history", "/api/v1/products/sku-1/price-at",
                "/api/v1/products/sku-1/provenance", "/api/v1/anomalies");
        for (String path : paths) {
            Api.Response response = api.probe("GET", path, token, null);
            assertThat(response.status()).as(path).isEqualTo(503);
            assertThat(response.contentType()).as(path).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(response.json().get("type").asText()).as(path)
                    .endsWith("/" + UnavailableUnderAxonServer.PROBLEM_TYPE);
            assertThat(response.json().get("detail").asText()).as(path)
                    .contains("not available under the axonserver profile");
        }
        Api.Response webhook = api.post("/api/v1/webhooks", token,
                java.util.Map.of("url", "https://example.com/hook"));
        assertThat(webhook.status()).isEqualTo(503);
        assertThat(webhook.json().get("detail").asText()).startsWith("webhooks is not available");
    }

    @Test
    void aGraphQlFieldTheProfileSwitchesOffAnswersAnErrorNamingIt() {
        Api api = new Api("http://localhost:" + port, IntegrationTest.ADMIN_TOKEN, mapper);
        Api.Response response = api.post("/graphql", tenantToken(), java.util.Map.of("query",
                "{ priceProvenance(productId: \"" + UUID.randomUUID() + "\", currency: \"USD\") { amount } }"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/data/priceProvenance").isNull()).isTrue();
        assertThat(response.json().at("/errors/0/extensions/classification").asText()).isEqualTo("UNAVAILABLE");
        assertThat(response.json().at("/errors/0/message").asText())
                .startsWith("product history, price-at and provenance is not available under the axonserver profile");
    }

    @Test
    void theWebhookDispatcherDoesNotPollTheFeed() {
        assertThat(context.getBean(WebhookDispatcher.class).isAutoStartup()).isFalse();
        assertThat(context.getBean(WebhookDispatcher.class).isRunning()).isFalse();
    }

    @Test
    void anUnauthenticatedCallerIsStillRefusedFirst() {
        Api api = new Api("http://localhost:" + port, IntegrationTest.ADMIN_TOKEN, mapper);
        assertThat(api.get("/api/v1/events", null).status()).isEqualTo(401);
    }

    @Test
    void whatTheProfileLeavesOnAnswersAsUsual() {
        Api api = new Api("http://localhost:" + port, IntegrationTest.ADMIN_TOKEN, mapper);
        assertThat(api.get("/admin/v1/tenants", IntegrationTest.ADMIN_TOKEN).status()).isEqualTo(200);
    }

    /**
     * The console's product page reads the product from the read model and leaves out the panels that read
     * the event table (events, why each price is what it is); the pages that are nothing but such a read
     * answer a 503 page naming the feature, not a 404 or a 500.
     */
    @Test
    void theConsoleProductPageRendersWithoutItsEventPanelsAndItsEventPagesRefuseClearly() {
        TenantId tenant = new TenantId(UUID.randomUUID());
        UUID product = storedProduct(tenant);
        ConsoleClient console = new ConsoleClient(port);
        console.signInWithToken(tokens.storeNew(tenant, TokenId.random(), EnumSet.allOf(Scope.class), null, null));

        ConsoleClient.Page page = console.get("/console/products/" + product);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Profile lamp").contains("19.99");

        ConsoleClient.Page explain = console.get("/console/audit/explain?entityType=product&entityId=" + product
                + "&eventId=price-" + product + "&at=2026-01-01T00:00:00Z");
        assertThat(explain.status()).as("the explain the audit row keeps").isEqualTo(200);

        for (String path : List.of("/console/products/" + product + "/provenance?currency=USD",
                "/console/audit/price-at?product=" + product + "&currency=USD&at=2026-01-01T00:00:00Z")) {
            ConsoleClient.Page refused = console.get(path);
            assertThat(refused.status()).as(path).isEqualTo(503);
            assertThat(refused.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(refused.body()).as(path).contains("not available under the axonserver profile");
        }
    }

    /**
     * A tenant and a product with a USD price of 19.99 as the read models hold them, written directly: creating
     * them through the API sends commands, which need Axon Server. One audit row, as the audit projection writes
     * a price's under the profile, with its explain trace.
     */
    private UUID storedProduct(TenantId tenant) {
        UUID product = UUID.randomUUID();
        try (Sql sql = Sql.connect(context.getEnvironment())) {
            sql.execute("INSERT INTO tenant_view (tenant_id, name, default_currency, created_at) VALUES ('"
                    + tenant.value() + "', 'Profile shop', 'USD', now())");
            sql.execute("INSERT INTO product_view (product_id, tenant_id, sku, title, tags, channel_refs, active,"
                    + " version, created_at, updated_at) VALUES ('" + product + "', '" + tenant.value()
                    + "', 'sku-profile', 'Profile lamp', '{}', '{}', true, 0, now(), now())");
            sql.execute("INSERT INTO product_price (product_id, tenant_id, currency, amount, source, valid_from,"
                    + " event_id) VALUES ('" + product + "', '" + tenant.value() + "', 'USD', 19.99, 'manual', now(),"
                    + " 'event-1')");
            // as the audit projection writes a price's row under the profile: with its explain trace
            sql.execute("INSERT INTO audit_entry (event_id, global_index, tenant_id, entity_type, entity_id, action,"
                    + " actor, explain, at) VALUES ('price-" + product + "', 7, '" + tenant.value() + "', 'product', '" + product
                    + "', 'ProductPriceChanged', 'alice',"
                    + " '{\"matched\": [\"all\"], \"steps\": [], \"guardrails\": []}', '2026-01-01T00:00:00Z')");
        }
        return product;
    }

    @Test
    void graphQlsProductProvenanceAnswersAnErrorNamingTheFeatureAndTheRestOfTheProduct() {
        TenantId tenant = new TenantId(UUID.randomUUID());
        UUID product = storedProduct(tenant);
        Api api = new Api("http://localhost:" + port, IntegrationTest.ADMIN_TOKEN, mapper);
        Api.Response response = api.post("/graphql",
                tokens.storeNew(tenant, TokenId.random(), EnumSet.allOf(Scope.class), null, null),
                java.util.Map.of("query", "{ product(id: \"" + product + "\") { title provenance(currency: \"USD\")"
                        + " { amount } } }"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/data/product/title").asText()).isEqualTo("Profile lamp");
        assertThat(response.json().at("/data/product/provenance").isNull()).isTrue();
        assertThat(response.json().at("/errors/0/extensions/classification").asText()).isEqualTo("UNAVAILABLE");
        assertThat(response.json().at("/errors/0/path").toString()).isEqualTo("[\"product\",\"provenance\"]");
    }

    @Test
    void theMcpServerLeavesOutTheToolsThatReadTheEventTable() {
        List<String> beanTypes = java.util.Arrays.stream(context.getBeanDefinitionNames())
                .map(context::getType).filter(java.util.Objects::nonNull).map(Class::getSimpleName).toList();
        assertThat(beanTypes).contains("PriceHistoryTool")
                .doesNotContain("PriceProvenanceTool", "ListAnomaliesTool");
    }

    @Test
    void theAuditSealTaskIsNotScheduled() {
        assertThat(context.getBeansOfType(RecurringTask.class).values()).extracting(RecurringTask::getName)
                .isNotEmpty().doesNotContain("audit-seal");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
