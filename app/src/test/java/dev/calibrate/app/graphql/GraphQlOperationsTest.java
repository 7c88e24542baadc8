package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed GraphQL operations of {@code @calibrate/types} (clients/typescript/operations), posted as their
 * generated {@code <Name>Document} to the real endpoint, answer exactly what their generated {@code <Name>Query}
 * types declare: the same keys at every level, null only where the type allows it, lists and scalars as typed.
 * So the TypeScript types a consumer compiles against are what the server answers.
 */
class GraphQlOperationsTest extends IntegrationTest {

    /** 15 % off summer products, charm-rounded: both products' USD prices change. */
    private static final Map<String, Object> SUMMER = Map.of(
            "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "summer"))),
            "transform", List.of(Map.of("op", "percent", "value", -15),
                    Map.of("op", "round", "mode", "charm", "ending", "0.99")),
            "currency", "USD");

    /**
     * The scalars this tenant's data leaves null, or inside lists it leaves empty (no channel is linked, no anomaly, no
     * drift in the product's events, prices without compare-at): every other declared scalar is answered.
     */
    private static final Set<String> NOT_ANSWERED = Set.of(
            "/catalog/edges[]/node/prices[]/compareAt", "/product/history/nodes[]/compareAt",
            "/auditEntries/nodes[]/explain", "/drifts/nodes[]/actualCompareAt", "/drifts/nodes[]/resolvedAt",
            "/priceProvenance/compareAt", "/priceProvenance/priceChange/inputs/competitors[]/source",
            "/priceProvenance/priceChange/inputs/competitors[]/price",
            "/priceProvenance/priceChange/inputs/competitors[]/observedAt",
            "/priceProvenance/ingest/source", "/priceProvenance/ingest/correlationId",
            "/priceProvenance/channels[]/channel", "/priceProvenance/channels[]/state",
            "/priceProvenance/channels[]/refs[]/name", "/priceProvenance/channels[]/refs[]/value",
            "/priceProvenance/openDrifts[]/channel", "/priceProvenance/openDrifts[]/expected",
            "/priceProvenance/openDrifts[]/actual",
            "/priceChange/channelSync[]/channel", "/priceChange/channelSync[]/pending",
            "/priceChange/channelSync[]/synced", "/priceChange/channelSync[]/failed",
            "/priceChange/channelSync[]/superseded",
            "/priceChange/items/edges[]/node/reasons[]",
            "/priceChange/items/edges[]/node/anomalies[]/kind", "/priceChange/items/edges[]/node/anomalies[]/severity",
            "/priceChange/items/edges[]/node/anomalies[]/score",
            "/priceChange/items/edges[]/node/channels[]/channel", "/priceChange/items/edges[]/node/channels[]/state",
            "/priceChange/items/edges[]/node/channels[]/errors[]/code",
            "/priceChange/items/edges[]/node/channels[]/errors[]/message",
            // no shop or seller account is connected: both connectors are null
            "/connectors/shopify/connection/shop", "/connectors/shopify/connection/status",
            "/connectors/shopify/api/tokenValid", "/connectors/shopify/api/circuitBreaker",
            "/connectors/shopify/sync/state", "/connectors/shopify/sync/finishedAt",
            "/connectors/shopify/deliveries/pending", "/connectors/shopify/deliveries/failed",
            "/connectors/amazon/connection/sellerId", "/connectors/amazon/connection/region",
            "/connectors/amazon/connection/status", "/connectors/amazon/sync/state",
            "/connectors/amazon/sync/finishedAt");

    @Autowired
    Environment env;

    private final GeneratedOperations operations = GeneratedOperations.read();
    private GraphQlClient graphql;
    private Api.TenantToken acme;
    private Api.TenantToken other;
    private String product;
    private String change;

    /** Two summer products, a competitor's price for one, a price change applied to both, a drift at Shopify. */
    @BeforeEach
    void tenantWithALittleOfEverything() {
        graphql = new GraphQlClient(api);
        PriceChangeSteps steps = new PriceChangeSteps(api);
        acme = api.newTenant("GraphQL operations");
        other = api.newTenant("Other operations");
        steps.catalog(acme.token(), List.of(product("OP-1", "20.00", "8.00", "summer"),
                product("OP-2", "30.00", null, "summer")));
        String competitor = api.post("/api/v1/competitors", acme.token(),
                Map.of("name", "Rival", "domain", "rival.example")).json().get("id").asText();
        Api.Response observed = api.post("/api/v1/competitors/" + competitor + "/observations", acme.token(),
                Map.of("observations", List.of(Map.of("sku", "OP-1", "price", "18.50", "currency", "USD", "observedAt",
                        Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString()))));
        assertThat(observed.json().get("accepted").asInt()).as(observed.body()).isEqualTo(1);
        Api.TenantToken approver = api.token(acme.tenantId(), "prices:approve");
        change = steps.approved(acme.token(), approver.token(), "Summer", SUMMER, Map.of());
        assertThat(steps.action(acme.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(acme.token(), change);
        product = steps.items(acme.token(), change).stream().filter(item -> item.get("sku").asText().equals("OP-1"))
                .findFirst().orElseThrow().get("productId").asText();
        assertThat(api.get("/api/v1/products/" + product + "/competitors", acme.token(),
                "X-Calibrate-Wait-For", Long.toString(observed.position())).status()).isEqualTo(200);
        try (Sql owner = Sql.connect(env)) {
            owner.execute("INSERT INTO channel_drift_view (product_id, channel, tenant_id, sku, currency, expected,"
                    + " actual, state, detected_at, version) VALUES ('" + product + "', 'shopify', '" + acme.tenantId()
                    + "', 'OP-1', 'USD', 16.99, 19.50, 'OPEN', now(), 1)");
        }
    }

    @Test
    void everyOperationAnswersExactlyTheShapeOfItsGeneratedType() {
        assertThat(operations.answers().keySet()).as("each generated type has its document")
                .isEqualTo(operations.documents().keySet());
        Map<String, Map<String, Object>> variables = variables();
        assertThat(operations.answers().keySet()).as("variables for each committed operation (add them here)")
                .containsExactlyInAnyOrderElementsOf(variables.keySet());

        Set<String> answered = new HashSet<>();
        Set<String> declared = new HashSet<>();
        operations.answers().forEach((name, type) -> {
            JsonNode answer = graphql.query(acme.token(), operations.documents().get(name), variables.get(name));

            assertThat(answer.has("errors")).as(name + ": " + answer).isFalse();
            assertThat(GeneratedOperations.misfits(type, answer.get("data"), "", answered)).as(name).isEmpty();
            declared.addAll(GeneratedOperations.scalarPaths(type, ""));
        });

        // the data is rich enough that each declared scalar was answered somewhere, but for what it leaves empty
        Set<String> unanswered = new HashSet<>(declared);
        unanswered.removeAll(answered);
        assertThat(unanswered).containsExactlyInAnyOrderElementsOf(NOT_ANSWERED);
        assertThat(answered).contains("/catalog/edges[]/node/competitors[]/price/amount", "/product/history/nodes[]/validTo",
                "/priceChange/items/edges[]/node/currentPrice/currency", "/priceProvenance/previous/setBy/type",
                "/drifts/nodes[]/expected", "/auditEntries/nodes[]/action", "/competitors/nodes[]/domain",
                "/pricePosition/nodes[]/median", "/pricePosition/nodes[]/priceIndex", "/pricePosition/summary/total");
    }

    @Test
    void anotherTenantsAnswersAndAnUnknownProductFitTheTypesAndHoldNoneOfThisTenantsData() {
        Map<String, Map<String, Object>> variables = variables();
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        List<String> misfits = new ArrayList<>();
        operations.answers().forEach((name, type) -> {
            JsonNode answer = graphql.query(other.token(), operations.documents().get(name), variables.get(name));
            answers.put(name, answer);
            misfits.addAll(GeneratedOperations.misfits(type, answer.get("data"), name, new HashSet<>()));
        });

        assertThat(misfits).isEmpty();
        assertThat(answers.get("ProductsPage").at("/data/catalog/edges")).isEmpty();
        assertThat(answers.get("PriceHistory").at("/data/product").isNull()).isTrue();
        assertThat(answers.get("PriceChangeWithItems").at("/data/priceChange").isNull()).isTrue();
        assertThat(answers.get("AuditEntries").at("/data/auditEntries/nodes")).isEmpty();
        assertThat(answers.get("Drifts").at("/data/drifts/nodes")).isEmpty();
        assertThat(answers.get("Competitors").at("/data/competitors/nodes")).isEmpty();
        assertThat(answers.get("PricePosition").at("/data/pricePosition/nodes")).isEmpty();
        assertThat(answers.get("PricePosition").at("/data/pricePosition/summary/total").asInt()).isZero();
        JsonNode provenance = answers.get("PriceProvenance");
        assertThat(provenance.at("/data/priceProvenance").isNull()).isTrue();
        assertThat(provenance.at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");
        // nor is a product id no tenant has: null, as the type allows
        JsonNode unknown = graphql.query(acme.token(), operations.documents().get("PriceHistory"),
                Map.of("id", UUID.randomUUID().toString()));
        assertThat(unknown.has("errors")).as(unknown.toString()).isFalse();
        assertThat(GeneratedOperations.misfits(operations.answers().get("PriceHistory"), unknown.get("data"), "",
                new HashSet<>())).isEmpty();
        assertThat(unknown.at("/data/product").isNull()).isTrue();
    }

    private Map<String, Map<String, Object>> variables() {
        return Map.of(
                "ProductsPage", Map.of("first", 5),
                "PriceHistory", Map.of("id", product, "currency", "USD"),
                "PriceChangeWithItems", Map.of("id", change, "first", 5),
                "AuditEntries", Map.of("entityId", change, "first", 5),
                "Drifts", Map.of("channel", "shopify", "first", 5),
                "PriceProvenance", Map.of("productId", product, "currency", "USD"),
                "Competitors", Map.of("first", 5),
                "PricePosition", Map.of("currency", "USD", "maxAgeHours", 24, "first", 5),
                "Connectors", Map.of());
    }

}
