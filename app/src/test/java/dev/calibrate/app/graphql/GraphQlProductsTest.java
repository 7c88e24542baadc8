package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The GraphQL catalog at /graphql: same tokens, scopes and tenant isolation as the REST catalog. */
class GraphQlProductsTest extends IntegrationTest {

    private static final String PRODUCTS = """
            query Page($first: Int, $after: String, $last: Int, $before: String, $query: String) {
              products(first: $first, after: $after, last: $last, before: $before, query: $query) {
                edges { cursor node { id sku title prices { currency amount } } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    private GraphQlClient graphql;
    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        graphql = new GraphQlClient(api);
        acme = api.newTenant("GraphQL");
    }

    @Test
    void withoutATokenTheEndpointAnswers401() {
        Api.Response response = api.post("/graphql", null, Map.of("query", "{ products { edges { cursor } } }"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void aProductAnswersWithPricesHistoryAndCompetitorPrices() {
        long position = seed(acme.token(), "GQ-", 3);
        String competitor = api.post("/api/v1/competitors", acme.token(),
                Map.of("name", "Rival", "domain", "rival.example")).json().get("id").asText();
        Map<String, Object> seen = Map.of("sku", "GQ-0001", "price", "9.50", "currency", "USD",
                "observedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        // the SKU is looked up in the catalog read model: wait for the batch, or it may be "unknown SKU"
        Api.Response observed = api.post("/api/v1/competitors/" + competitor + "/observations", acme.token(),
                Map.of("observations", List.of(seen)), "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(observed.status()).as(observed.body()).isEqualTo(200);
        assertThat(observed.json().get("accepted").asInt()).as(observed.body()).isEqualTo(1);
        String id = awaitProduct(acme.token(), "GQ-0001", position);
        Api.Response competitorsRead = api.get("/api/v1/products/" + id + "/competitors", acme.token(),
                "X-Calibrate-Wait-For", Long.toString(observed.position()));
        assertThat(competitorsRead.status()).as(competitorsRead.body()).isEqualTo(200);

        JsonNode answer = graphql.query(acme.token(), """
                query One($id: ID!) {
                  product(id: $id) {
                    sku title prices { currency amount }
                    priceHistory(first: 5) { edges { node { currency amount validTo } } pageInfo { hasNextPage } }
                    competitors { name price { amount currency } fresh competing }
                  }
                }""", Map.of("id", id));

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        JsonNode product = answer.at("/data/product");
        assertThat(product.get("sku").asText()).isEqualTo("GQ-0001");
        assertThat(product.at("/prices/0/amount").asText()).isEqualTo("10.01");
        assertThat(product.at("/priceHistory/edges/0/node/amount").asText()).isEqualTo("10.01");
        assertThat(product.at("/priceHistory/edges/0/node/validTo").isNull()).isTrue();
        assertThat(product.at("/competitors/0/name").asText()).isEqualTo("Rival");
        assertThat(product.at("/competitors/0/price/amount").asText()).isEqualTo("9.50");
        assertThat(product.at("/competitors/0/competing").asBoolean()).isTrue();
    }

    /** As REST's product answers them, per currency in currency order; none is an empty list, not null. */
    @Test
    void aProductsBrandFloorsAreAnsweredForEveryProductOfAPage() {
        long position = seed(acme.token(), "BF-", 2);
        String floored = awaitProduct(acme.token(), "BF-0001", position);
        awaitProduct(acme.token(), "BF-0002", position);
        Api.Response usd = api.send("PUT", "/api/v1/products/" + floored + "/brand-floors/USD", acme.token(),
                Map.of("map", "19.99", "pmap", Map.of("amount", "17.99", "from", "2026-11-27T00:00:00Z",
                        "until", "2026-12-01T00:00:00Z"), "lrp", "21.00"));
        assertThat(usd.status()).as(usd.body()).isEqualTo(200);
        Api.Response eur = api.send("PUT", "/api/v1/products/" + floored + "/brand-floors/EUR", acme.token(),
                Map.of("map", "18.50"));
        assertThat(eur.status()).as(eur.body()).isEqualTo(200);
        String document = "{ products(first: 10, query: \"BF-\") { edges { node { sku"
                + " brandFloors { currency map pmap pmapFrom pmapUntil lrp } } } } }";

        assertThat(api.get("/api/v1/products/" + floored, acme.token(), "X-Calibrate-Wait-For",
                Long.toString(eur.position())).json().get("brandFloors")).hasSize(2);

        JsonNode answer = graphql.query(acme.token(), document, Map.of());

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        JsonNode edges = answer.at("/data/products/edges");
        assertThat(edges).hasSize(2);
        JsonNode floors = edges.get(0).at("/node/brandFloors");
        assertThat(floors).extracting(f -> f.get("currency").asText()).containsExactly("EUR", "USD");
        assertThat(floors.get(0).get("map").asText()).isEqualTo("18.50");
        assertThat(floors.get(0).get("lrp").isNull()).isTrue();
        JsonNode dollars = floors.get(1);
        assertThat(dollars.get("map").asText()).isEqualTo("19.99");
        assertThat(dollars.get("pmap").asText()).isEqualTo("17.99");
        assertThat(dollars.get("pmapFrom").asText()).isEqualTo("2026-11-27T00:00:00Z");
        assertThat(dollars.get("pmapUntil").asText()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(dollars.get("lrp").asText()).isEqualTo("21.00");
        assertThat(edges.get(1).at("/node/brandFloors").isArray()).isTrue();
        assertThat(edges.get(1).at("/node/brandFloors")).isEmpty();
    }

    @Test
    void anotherTenantsProductIsNull() {
        long position = seed(acme.token(), "GQ-", 1);
        String id = awaitProduct(acme.token(), "GQ-0001", position);
        Api.TenantToken other = api.newTenant("Other");

        JsonNode answer = graphql.query(other.token(), "query One($id: ID!) { product(id: $id) { sku } }",
                Map.of("id", id));

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/product").isNull()).isTrue();
    }

    @Test
    void aMissingScopeIsForbiddenOnThatFieldAndTheRestStillAnswers() {
        long position = seed(acme.token(), "GQ-", 2);
        awaitProduct(acme.token(), "GQ-0002", position);
        Api.TenantToken catalogOnly = api.token(acme.tenantId(), "catalog:read");

        JsonNode answer = graphql.query(catalogOnly.token(),
                "{ products(first: 5) { edges { node { sku competitors { name } } } } }");

        assertThat(answer.at("/data/products/edges")).hasSize(2);
        assertThat(answer.at("/data/products/edges/0/node/sku").asText()).isEqualTo("GQ-0001");
        assertThat(answer.at("/data/products/edges/0/node/competitors").isNull()).isTrue();
        assertThat(answer.get("errors")).isNotEmpty().allSatisfy(error -> {
            assertThat(error.at("/extensions/classification").asText()).isEqualTo("FORBIDDEN");
            assertThat(error.at("/path/4").asText()).isEqualTo("competitors");
        });
    }

    @Test
    void withoutCatalogReadTheProductsFieldIsForbidden() {
        Api.TenantToken competitorsOnly = api.token(acme.tenantId(), "competitors:read");

        JsonNode answer = graphql.query(competitorsOnly.token(), "{ products { edges { cursor } } }");

        assertThat(answer.at("/data").isNull()).isTrue();
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        assertThat(answer.at("/errors/0/path/0").asText()).isEqualTo("products");
    }

    @Test
    void badArgumentsAreValidationErrorsNotInternalOnes() {
        assertValidationError(Map.of("first", 251), "first");
        assertValidationError(Map.of("first", -1), "first");
        assertValidationError(Map.of("first", 2, "last", 2), "last");
        assertValidationError(Map.of("query", "tee\u0000"), "query");
        assertValidationError(Map.of("query", "x".repeat(201)), "query");
        assertValidationError(Map.of("after", "not-a-cursor"), "after");
        JsonNode invalidId = graphql.query(acme.token(), "{ product(id: \"42\") { sku } }");
        assertThat(invalidId.at("/errors/0/extensions/classification").asText()).isEqualTo("ValidationError");
    }

    @Test
    void aCursorEditedOrFromAnotherTenantIsRefused() {
        long position = seed(acme.token(), "GQ-", 3);
        awaitProduct(acme.token(), "GQ-0003", position);
        String cursor = graphql.query(acme.token(), PRODUCTS, Map.of("first", 1))
                .at("/data/products/pageInfo/endCursor").asText();
        Api.TenantToken other = api.newTenant("Other");

        assertValidationError(other.token(), Map.of("first", 1, "after", cursor), "after");
        String edited = cursor.substring(0, 10) + (cursor.charAt(10) == 'A' ? 'B' : 'A') + cursor.substring(11);
        assertValidationError(acme.token(), Map.of("first", 1, "after", edited), "after");
        assertValidationError(acme.token(), Map.of("first", 1, "after", cursor, "query", "GQ"), "after");
    }

    @Test
    void mutationsAndDeepDocumentsAreRefusedBeforeRunning() {
        JsonNode mutation = graphql.query(acme.token(), "mutation { deleteEverything }");
        assertThat(mutation.at("/errors/0/extensions/classification").asText()).isEqualTo("ValidationError");

        // 12 levels: __schema, types, fields, type and eight ofType before name
        String document = "{ __schema { types { fields { type " + "{ ofType ".repeat(8) + "{ name }" + " }".repeat(8)
                + " } } } }";
        JsonNode deep = graphql.query(acme.token(), document);
        assertThat(deep.has("data") && !deep.get("data").isNull()).as(deep.toString()).isFalse();
        assertThat(deep.at("/errors/0/message").asText()).containsIgnoringCase("depth");
    }

    @Test
    @Tag("slow") // tens of seconds: ./mvnw verify -Pslow
    void walking1001ProductsForwardsAndBackwardsSkipsAndRepeatsNothing() {
        long position = Math.max(seed(acme.token(), "W-", 1, 1000), seed(acme.token(), "W-", 1001, 1001));
        awaitProduct(acme.token(), "W-1001", position);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 1001; i++) {
            expected.add("W-%04d".formatted(i));
        }

        List<String> forwards = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            Map<String, Object> variables = new HashMap<>(Map.of("first", 250));
            variables.put("after", after);
            JsonNode page = graphql.query(acme.token(), PRODUCTS, variables).at("/data/products");
            page.get("edges").forEach(edge -> forwards.add(edge.at("/node/sku").asText()));
            assertThat(page.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
            more = page.at("/pageInfo/hasNextPage").asBoolean();
            after = page.at("/pageInfo/endCursor").asText();
        }
        List<String> backwards = new ArrayList<>();
        String before = null;
        more = true;
        while (more) {
            Map<String, Object> variables = new HashMap<>(Map.of("last", 250));
            variables.put("before", before);
            JsonNode page = graphql.query(acme.token(), PRODUCTS, variables).at("/data/products");
            List<String> skus = new ArrayList<>();
            page.get("edges").forEach(edge -> skus.add(edge.at("/node/sku").asText()));
            backwards.addAll(0, skus);
            more = page.at("/pageInfo/hasPreviousPage").asBoolean();
            before = page.at("/pageInfo/startCursor").asText();
        }

        assertThat(forwards).containsExactlyElementsOf(expected);
        assertThat(backwards).containsExactlyElementsOf(expected);
        Set<String> distinct = new HashSet<>(forwards);
        assertThat(distinct).hasSize(1001);
    }

    @Test
    void aPriceHistoryWalkedForwardsThenBackwardsSkipsAndRepeatsNothing() {
        long position = 0;
        for (int i = 0; i < 5; i++) {
            List<Map<String, String>> prices = new ArrayList<>(List.of(Map.of("currency", "USD", "amount",
                    (10 + i) + ".00")));
            if (i % 2 == 0) {
                prices.add(Map.of("currency", "EUR", "amount", (20 + i) + ".00"));
            }
            Api.Response written = api.post("/api/v1/products:batch", acme.token(), Map.of("items",
                    List.of(Map.of("sku", "HIST-1", "title", "Tee", "prices", prices))));
            assertThat(written.status()).as(written.body()).isEqualTo(200);
            position = written.position();
        }
        String id = awaitProduct(acme.token(), "HIST-1", position);
        String document = """
                query($id: ID!, $currency: String, $first: Int, $after: String, $last: Int, $before: String) {
                  product(id: $id) { priceHistory(currency: $currency, first: $first, after: $after, last: $last,
                                                  before: $before) {
                    edges { node { currency amount validFrom } }
                    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }
                }""";
        JsonNode rest = api.get("/api/v1/products/" + id, acme.token()).json().get("priceHistory");
        for (String currency : new String[] {null, "USD", "EUR"}) {
            List<String> restOrder = new ArrayList<>();
            rest.forEach(entry -> {
                if (currency == null || currency.equals(entry.get("currency").asText())) {
                    restOrder.add(entry.get("currency").asText() + " " + entry.get("amount").asText() + " "
                            + entry.get("validFrom").asText());
                }
            });
            assertThat(restOrder).hasSize(currency == null ? 8 : currency.equals("USD") ? 5 : 3);
            for (int size : new int[] {1, 3, 8}) {
                List<String> walked = ConnectionWalk.bothWays(variables -> {
                    variables.put("id", id);
                    variables.put("currency", currency);
                    JsonNode answer = graphql.query(acme.token(), document, variables);
                    assertThat(answer.has("errors")).as(answer.toString()).isFalse();
                    return answer.at("/data/product/priceHistory");
                }, size, node -> node.get("currency").asText() + " " + node.get("amount").asText() + " "
                        + node.get("validFrom").asText());
                assertThat(walked).as(currency + " by " + size).isEqualTo(restOrder);
            }
        }
        JsonNode badBefore = graphql.query(acme.token(), document, Map.of("id", id, "last", 1, "before", "nope"));
        assertThat(badBefore.at("/errors/0/extensions/argument").asText()).as(badBefore.toString())
                .isEqualTo("before");
        String usdCursor = graphql.query(acme.token(), document, Map.of("id", id, "currency", "USD", "last", 1))
                .at("/data/product/priceHistory/pageInfo/startCursor").asText();
        JsonNode otherFilter = graphql.query(acme.token(), document, Map.of("id", id, "last", 1, "before", usdCursor));
        assertThat(otherFilter.at("/errors/0/extensions/argument").asText()).as(otherFilter.toString())
                .isEqualTo("before");
    }

    private void assertValidationError(Map<String, Object> variables, String argument) {
        assertValidationError(acme.token(), variables, argument);
    }

    private void assertValidationError(String token, Map<String, Object> variables, String argument) {
        JsonNode answer = graphql.query(token, PRODUCTS, variables);
        GraphQlClient.assertValidationError(answer, argument);
        assertThat(answer.at("/data").isNull()).isTrue();
    }

    /** Products {prefix}0001.. with a USD price of 10.01, 10.02, …; answers the write's position. */
    private long seed(String token, String prefix, int count) {
        return seed(token, prefix, 1, count);
    }

    private long seed(String token, String prefix, int from, int to) {
        List<Object> items = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            items.add(Map.of("sku", "%s%04d".formatted(prefix, i), "title", "Tee " + i, "prices",
                    List.of(Map.of("currency", "USD", "amount", "%d.%02d".formatted(10 + i / 100, i % 100)))));
        }
        Api.Response response = api.post("/api/v1/products:batch", token, Map.of("items", items));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("failed").asInt()).as(response.body()).isZero();
        return response.position();
    }

    /** Waits (through REST's wait header) until the read models hold {@code position}; answers the SKU's id. */
    private String awaitProduct(String token, String sku, long position) {
        Api.Response read = api.get("/api/v1/products?sku=" + sku, token, "X-Calibrate-Wait-For",
                Long.toString(position));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.json().at("/items/0/id").asText();
    }
}
