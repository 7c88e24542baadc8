package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No N+1: a page of 100 products with their prices and competitor prices takes at most 4 data statements,
 * and with their price history also at most 4; a page of price changes reads all their items in one.
 * Its own application (in a database of its own), since counting wraps the DataSource: a second context
 * beside the shared one would have to bind the integration tests' fixed port.
 */
@Tag("slow") // starts an application of its own (a statement counter): ./mvnw verify -Pslow
class GraphQlBatchLoadingTest {

    private static final String ADMIN_TOKEN = "graphql-batch-loading-admin-token-0123456789";

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext app;
    private static Api api;

    @BeforeAll
    static void start() {
        app = AppProcesses.startOnSharedPostgres(List.of(StatementCounter.class), dataDir, ADMIN_TOKEN);
        api = new Api("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort(),
                ADMIN_TOKEN, app.getBean(ObjectMapper.class));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aHundredProductsWithPricesAndCompetitorsTakeAtMostFourDataStatements() {
        Api.TenantToken acme = api.newTenant("Batch loading");
        List<Object> items = new ArrayList<>();
        List<Object> observations = new ArrayList<>();
        String observedAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 1; i <= 100; i++) {
            String sku = "N-%03d".formatted(i);
            items.add(Map.of("sku", sku, "title", "Tee " + i,
                    "prices", List.of(Map.of("currency", "USD", "amount", "20.00"))));
            observations.add(Map.of("sku", sku, "price", "19.00", "currency", "USD", "observedAt", observedAt));
        }
        Api.Response seeded = api.post("/api/v1/products:batch", acme.token(), Map.of("items", items));
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
        // observations name products by SKU: the catalog must know them first
        Api.Response catalog = api.get("/api/v1/products?size=1", acme.token(), "X-Calibrate-Wait-For",
                Long.toString(seeded.position()));
        assertThat(catalog.status()).as(catalog.body()).isEqualTo(200);
        String competitor = api.post("/api/v1/competitors", acme.token(),
                Map.of("name", "Rival", "domain", "rival.example")).json().get("id").asText();
        Api.Response observed = api.post("/api/v1/competitors/" + competitor + "/observations", acme.token(),
                Map.of("observations", observations));
        assertThat(observed.status()).as(observed.body()).isEqualTo(200);
        assertThat(observed.json().get("rejected").asInt()).as(observed.body()).isZero();
        Api.Response caughtUp = api.get("/api/v1/analytics/price-position?currency=USD", acme.token(),
                "X-Calibrate-Wait-For", Long.toString(Math.max(seeded.position(), observed.position())));
        assertThat(caughtUp.status()).as(caughtUp.body()).isEqualTo(200);

        StatementCounter.STATEMENTS.clear();
        JsonNode answer = new GraphQlClient(api).once(acme.token(), "{ products(first: 100) { edges { node { sku "
                + "prices { amount } competitors { name price { amount } } } } } }", Map.of());

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        JsonNode edges = answer.at("/data/products/edges");
        assertThat(edges).hasSize(100).allSatisfy(edge -> {
            assertThat(edge.at("/node/prices/0/amount").asText()).isEqualTo("20.00");
            assertThat(edge.at("/node/competitors/0/price/amount").asText()).isEqualTo("19.00");
        });
        assertThat(StatementCounter.dataStatements()).as(String.join("\n", StatementCounter.STATEMENTS))
                .isNotEmpty().hasSizeLessThanOrEqualTo(4)
                .anyMatch(sql -> sql.contains("competitor_observation"));

        // their price history too: one statement for the page of 100, a keyset per product within it (beside
        // the token's look-up, the products and their prices)
        StatementCounter.STATEMENTS.clear();
        JsonNode history = new GraphQlClient(api).once(acme.token(), "{ products(first: 100) { edges { node { sku "
                + "priceHistory(first: 2) { edges { node { amount } } pageInfo { hasNextPage } } } } } }", Map.of());

        assertThat(history.has("errors")).as(history.toString()).isFalse();
        assertThat(history.at("/data/products/edges")).hasSize(100).allSatisfy(edge -> {
            assertThat(edge.at("/node/priceHistory/edges/0/node/amount").asText()).isEqualTo("20.00");
            assertThat(edge.at("/node/priceHistory/pageInfo/hasNextPage").asBoolean()).isFalse();
        });
        assertThat(StatementCounter.dataStatements()).as(String.join("\n", StatementCounter.STATEMENTS))
                .hasSizeLessThanOrEqualTo(4)
                .anyMatch(sql -> sql.contains("product_price_history"));

        // and their price position: one statement for the page (one more for the tenant's default currency);
        // the two documents above took most of the tenant's bucket, and a throttled try would count a look-up
        awaitBucket(acme.token(), 300);
        StatementCounter.STATEMENTS.clear();
        JsonNode positions = new GraphQlClient(api).once(acme.token(), "{ products(first: 100) { edges { node { sku "
                + "pricePosition(currency: \"USD\") { median position } } } } }", Map.of());

        assertThat(positions.has("errors")).as(positions.toString()).isFalse();
        assertThat(positions.at("/data/products/edges")).hasSize(100).allSatisfy(edge -> {
            assertThat(edge.at("/node/pricePosition/median").asText()).isEqualTo("19.00");
            assertThat(edge.at("/node/pricePosition/position").asText()).isEqualTo("MOST_EXPENSIVE");
        });
        assertThat(StatementCounter.dataStatements()).as(String.join("\n", StatementCounter.STATEMENTS))
                .hasSizeLessThanOrEqualTo(4)
                .filteredOn(sql -> sql.contains("competitor_observation")).hasSize(1);
    }

    @Test
    void aPageOfPriceChangesReadsTheirItemsAndExplainFramesInOneStatement() {
        Api.TenantToken acme = api.newTenant("Item batch loading");
        List<Object> products = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            products.add(Map.of("sku", "I-" + i, "title", "Tee " + i, "tags", List.of("summer"),
                    "prices", List.of(Map.of("currency", "USD", "amount", (10 + i) + ".00"))));
        }
        Api.Response seeded = api.post("/api/v1/products:batch", acme.token(), Map.of("items", products));
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/products?size=1", acme.token(), "X-Calibrate-Wait-For",
                Long.toString(seeded.position())).status()).isEqualTo(200);
        Map<String, Object> rule = Map.of(
                "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "summer"))),
                "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD");
        Api.Response last = null;
        for (int i = 1; i <= 3; i++) {
            Api.Response drafted = api.post("/api/v1/price-changes", acme.token(), Map.of("name", "C" + i, "rule", rule));
            assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
            last = api.post("/api/v1/price-changes/" + drafted.json().get("id").asText() + "/preview", acme.token(),
                    null);
            assertThat(last.status()).as(last.body()).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/price-changes?size=1", acme.token(), "X-Calibrate-Wait-For",
                Long.toString(last.position())).status()).isEqualTo(200);

        StatementCounter.STATEMENTS.clear();
        JsonNode answer = new GraphQlClient(api).once(acme.token(), "{ priceChanges(first: 10) { edges { node { "
                + "name items(first: 2) { edges { node { sku explain } } pageInfo { hasNextPage } } } } } }", Map.of());

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/priceChanges/edges")).hasSize(3).allSatisfy(edge -> {
            assertThat(edge.at("/node/items/edges")).hasSize(2);
            assertThat(edge.at("/node/items/edges/0/node/sku").asText()).startsWith("I-");
            assertThat(edge.at("/node/items/edges/0/node/explain").isObject()).isTrue();
            assertThat(edge.at("/node/items/pageInfo/hasNextPage").asBoolean()).isTrue();
        });
        // the items of all three changes, and the explain frames they are rendered with, in one statement
        List<String> statements = StatementCounter.dataStatements();
        assertThat(statements).as(String.join("\n", StatementCounter.STATEMENTS))
                .filteredOn(sql -> sql.contains("price_change_item i") || sql.contains("price_change_preview"))
                .hasSize(1);

        // from the end alike: the last two items of each change, with their frames, in one statement
        StatementCounter.STATEMENTS.clear();
        JsonNode fromEnd = new GraphQlClient(api).once(acme.token(), "{ priceChanges(first: 10) { edges { node { "
                + "items(last: 2) { edges { node { sku explain } } pageInfo { hasNextPage hasPreviousPage } } } } } }",
                Map.of());
        assertThat(fromEnd.has("errors")).as(fromEnd.toString()).isFalse();
        assertThat(fromEnd.at("/data/priceChanges/edges")).hasSize(3).allSatisfy(edge -> {
            assertThat(edge.at("/node/items/edges")).hasSize(2).allSatisfy(item ->
                    assertThat(item.at("/node/explain").isObject()).isTrue());
            assertThat(edge.at("/node/items/pageInfo/hasPreviousPage").asBoolean()).isTrue();
            assertThat(edge.at("/node/items/pageInfo/hasNextPage").asBoolean()).isFalse();
        });
        assertThat(StatementCounter.dataStatements()).as(String.join("\n", StatementCounter.STATEMENTS))
                .filteredOn(sql -> sql.contains("price_change_item i") || sql.contains("price_change_preview"))
                .hasSize(1);
    }

    @Test
    void productByIdReadsNoHistoryAndAliasesShareOneRead() {
        Api.TenantToken acme = api.newTenant("Product by id");
        Api.Response seeded = null;
        // a long history: 30 prices in turn, none of which product(id) { sku prices } needs
        for (int i = 1; i <= 30; i++) {
            seeded = api.post("/api/v1/products:batch", acme.token(), Map.of("items", List.of(
                    Map.of("sku", "L-1", "title", "Tee", "prices", List.of(Map.of("currency", "USD",
                            "amount", i + ".00"))),
                    Map.of("sku", "L-2", "title", "Cap", "prices", List.of(Map.of("currency", "USD",
                            "amount", "5.00"))))));
            assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
        }
        JsonNode listed = api.get("/api/v1/products?size=10", acme.token(), "X-Calibrate-Wait-For",
                Long.toString(seeded.position())).json();
        String first = null;
        String second = null;
        for (JsonNode item : listed.get("items")) {
            if ("L-1".equals(item.get("sku").asText())) {
                first = item.get("id").asText();
            } else {
                second = item.get("id").asText();
            }
        }

        StatementCounter.STATEMENTS.clear();
        JsonNode answer = new GraphQlClient(api).once(acme.token(), "query($a: ID!, $b: ID!, $c: ID!) {"
                + " one: product(id: $a) { sku prices { amount } } again: product(id: $a) { sku }"
                + " two: product(id: $b) { sku } missing: product(id: $c) { sku } }",
                Map.of("a", first, "b", second, "c", java.util.UUID.randomUUID().toString()));

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/one/sku").asText()).isEqualTo("L-1");
        assertThat(answer.at("/data/one/prices/0/amount").asText()).isEqualTo("30.00");
        assertThat(answer.at("/data/again/sku").asText()).isEqualTo("L-1");
        assertThat(answer.at("/data/two/sku").asText()).isEqualTo("L-2");
        assertThat(answer.at("/data/missing").isNull()).as(answer.toString()).isTrue();
        List<String> statements = StatementCounter.dataStatements();
        assertThat(statements).as(String.join("\n", StatementCounter.STATEMENTS))
                .noneMatch(sql -> sql.contains("product_price_history"))
                .filteredOn(sql -> sql.contains("FROM product_view")).hasSize(1);
    }

    /** Waits until the tenant's GraphQL cost bucket holds {@code points}, asking a document of cost 1. */
    private static void awaitBucket(String token, int points) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> new GraphQlClient(api).once(token, "{ product(id: \"" + java.util.UUID.randomUUID()
                        + "\") { sku } }", Map.of()).at("/extensions/cost/throttleStatus/currentlyAvailable")
                        .asInt() >= points);
    }
}
