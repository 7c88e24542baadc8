package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.competitor.CompetitorSteps;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.calibrate.app.competitor.CompetitorSteps.seen;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The price position at /graphql: REST's rows by keyset in SKU order, its summary over every selected product,
 * its checks of currency, maxAgeHours, tag and vendor, and a product's own position.
 */
class GraphQlPricePositionTest extends IntegrationTest {

    private static final String PAGE = """
            query($first: Int, $after: String, $last: Int, $before: String, $currency: String, $tag: String,
                  $vendor: String, $maxAgeHours: Int) {
              pricePosition(first: $first, after: $after, last: $last, before: $before, currency: $currency,
                            tag: $tag, vendor: $vendor, maxAgeHours: $maxAgeHours) {
                edges { cursor node { productId sku title currency ourPrice lowest median highest competitors
                  priceIndex position } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                currency maxAgeHours asOf
                summary { cheapest inBand mostExpensive noData total }
              }
            }""";
    private static final List<String> ROW = List.of("productId", "sku", "title", "currency", "ourPrice", "lowest",
            "median", "highest", "competitors", "priceIndex", "position");

    private GraphQlClient graphql;
    private Api.TenantToken acme;
    private long position;

    /** PricePositionTest's catalog, smaller: odd and even counts, cheapest, dearest, stale, out of stock, none. */
    @BeforeEach
    void catalogAndObservations() {
        graphql = new GraphQlClient(api);
        CompetitorSteps steps = new CompetitorSteps(api);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        acme = api.newTenant("GraphQL price position");
        new PriceChangeSteps(api).catalog(acme.token(), List.of(
                product("P-ODD", "9.50", null, "band"), product("P-EVEN", "11.00", null, "band"),
                product("P-CHEAP", "7.00", null), product("P-DEAR", "15.00", null), product("P-STALE", "10.00", null),
                product("P-OOS", "10.00", null), product("P-NONE", "10.00", null)));
        String bolt = steps.register(acme.token(), "Bolt Outlet", "bolt-outlet.example");
        String cargo = steps.register(acme.token(), "Cargo Club", "cargo.example");
        Map<String, Object> outOfStock = new LinkedHashMap<>(seen("P-OOS", "8.00", now.minus(Duration.ofHours(1))));
        outOfStock.put("inStock", false);
        steps.observe(acme.token(), bolt, List.of(seen("P-ODD", "8.00", ago(now, 1)), seen("P-EVEN", "10.00",
                ago(now, 1)), seen("P-CHEAP", "8.00", ago(now, 1)), seen("P-DEAR", "12.00", ago(now, 1)),
                seen("P-STALE", "9.00", ago(now, 30)), outOfStock));
        String dash = steps.register(acme.token(), "Dash Deals", "dash.example");
        steps.observe(acme.token(), cargo, List.of(seen("P-ODD", "10.00", ago(now, 2)),
                seen("P-EVEN", "12.00", ago(now, 2))));
        position = steps.observe(acme.token(), dash, List.of(seen("P-ODD", "13.00", ago(now, 3))));
    }

    private static Instant ago(Instant now, int hours) {
        return now.minus(Duration.ofHours(hours));
    }

    @Test
    void walkingThePositionsPageByPageAnswersRestsRowsAndSummary() {
        for (String query : List.of("", "&tag=band", "&maxAgeHours=48", "&currency=EUR", "&vendor=Nobody")) {
            JsonNode rest = rest("/api/v1/analytics/price-position?size=100" + query);
            Map<String, Object> filter = new HashMap<>();
            for (String pair : query.split("&")) {
                if (!pair.isEmpty()) {
                    String[] parts = pair.split("=");
                    filter.put(parts[0], parts[0].equals("maxAgeHours") ? Integer.parseInt(parts[1]) : parts[1]);
                }
            }
            List<JsonNode> walked = new ArrayList<>();
            String after = null;
            boolean more = true;
            JsonNode page = null;
            while (more) {
                Map<String, Object> variables = new HashMap<>(filter);
                variables.put("first", 2);
                variables.put("after", after);
                page = page(variables);
                page.get("edges").forEach(edge -> walked.add(edge.get("node")));
                assertThat(page.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
                more = page.at("/pageInfo/hasNextPage").asBoolean();
                after = page.at("/pageInfo/endCursor").asText();
            }
            assertThat(walked).as(query).hasSize(rest.get("items").size());
            for (int i = 0; i < walked.size(); i++) {
                for (String field : ROW) {
                    assertThat(text(walked.get(i).get(field))).as(query + " " + i + " " + field)
                            .isEqualTo(text(rest.get("items").get(i).path(field)));
                }
            }
            assertThat(page.get("currency").asText()).isEqualTo(rest.get("currency").asText());
            assertThat(page.get("maxAgeHours").asLong()).isEqualTo(rest.get("maxAgeHours").asLong());
            JsonNode summary = page.get("summary");
            assertThat(summary.get("cheapest").asLong()).as(query).isEqualTo(rest.at("/summary/CHEAPEST").asLong());
            assertThat(summary.get("inBand").asLong()).as(query).isEqualTo(rest.at("/summary/IN_BAND").asLong());
            assertThat(summary.get("mostExpensive").asLong()).as(query)
                    .isEqualTo(rest.at("/summary/MOST_EXPENSIVE").asLong());
            assertThat(summary.get("noData").asLong()).as(query).isEqualTo(rest.at("/summary/NO_DATA").asLong());
            assertThat(summary.get("total").asLong()).as(query).isEqualTo(rest.get("total").asLong());
        }
        // backwards from the end, three at a time: the same rows in the same order
        JsonNode rest = rest("/api/v1/analytics/price-position?size=100").get("items");
        List<JsonNode> backwards = new ArrayList<>();
        String before = null;
        boolean more = true;
        while (more) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("last", 3);
            variables.put("before", before);
            JsonNode page = page(variables);
            List<JsonNode> nodes = new ArrayList<>();
            page.get("edges").forEach(edge -> nodes.add(edge.get("node")));
            backwards.addAll(0, nodes);
            assertThat(page.at("/pageInfo/hasNextPage").asBoolean()).isEqualTo(before != null);
            more = page.at("/pageInfo/hasPreviousPage").asBoolean();
            before = page.at("/pageInfo/startCursor").asText();
        }
        assertThat(backwards).extracting(node -> node.get("productId").asText())
                .containsExactlyElementsOf(rest.findValuesAsText("productId"));
        JsonNode all = page(Map.of("first", 10));
        assertThat(all.get("edges")).extracting(edge -> edge.at("/node/sku").asText())
                .containsExactly("P-CHEAP", "P-DEAR", "P-EVEN", "P-NONE", "P-ODD", "P-OOS", "P-STALE");
        JsonNode odd = all.at("/edges/4/node");
        assertThat(List.of(odd.get("lowest").asText(), odd.get("median").asText(), odd.get("highest").asText(),
                odd.get("priceIndex").asText(), odd.get("position").asText()))
                .containsExactly("8.00", "10.00", "13.00", "95.00", "IN_BAND");
        assertThat(page(Map.of("tag", "band")).at("/summary/total").asInt()).isEqualTo(2);
    }

    @Test
    void anotherTenantSeesNoneOfThesePositions() {
        rest("/api/v1/analytics/price-position");
        Api.TenantToken stranger = api.newTenant("Stranger positions");
        new PriceChangeSteps(api).catalog(stranger.token(), List.of(product("P-ODD", "9.50", null)));

        JsonNode answer = graphql.query(stranger.token(), PAGE, Map.of());
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/pricePosition/edges")).singleElement().satisfies(edge ->
                assertThat(edge.at("/node/position").asText()).isEqualTo("NO_DATA"));
        assertThat(answer.at("/data/pricePosition/summary/total").asInt()).isEqualTo(1);
        String cursor = page(Map.of("first", 1)).at("/pageInfo/endCursor").asText();
        JsonNode foreign = graphql.query(stranger.token(), PAGE, Map.of("after", cursor));
        assertThat(foreign.at("/errors/0/extensions/argument").asText()).as(foreign.toString()).isEqualTo("after");
    }

    @Test
    void withoutCompetitorsReadThePositionsAreForbiddenAndBadArgumentsAreValidationErrors() {
        rest("/api/v1/analytics/price-position");
        Api.TenantToken catalogOnly = api.token(acme.tenantId(), "catalog:read");
        JsonNode forbidden = graphql.query(catalogOnly.token(), PAGE, Map.of());
        assertThat(forbidden.at("/errors/0/extensions/classification").asText()).as(forbidden.toString())
                .isEqualTo("FORBIDDEN");
        JsonNode product = graphql.query(catalogOnly.token(),
                "{ products(first: 1) { nodes { sku pricePosition { position } } } }");
        assertThat(product.at("/data/products/nodes/0/sku").asText()).isEqualTo("P-CHEAP");
        assertThat(product.at("/data/products/nodes/0/pricePosition").isNull()).isTrue();
        assertThat(product.at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");

        assertValidationError("currency", Map.of("currency", "EURO"));
        assertValidationError("currency", Map.of("currency", "usd"));
        assertValidationError("currency", Map.of("currency", "XXZ"));
        assertValidationError("maxAgeHours", Map.of("maxAgeHours", 0));
        assertValidationError("maxAgeHours", Map.of("maxAgeHours", 8761));
        assertValidationError("tag", Map.of("tag", "a\u0007b"));
        assertValidationError("vendor", Map.of("vendor", "v".repeat(201)));
        assertValidationError("first", Map.of("first", 251));
        assertValidationError("after", Map.of("after", "not-a-cursor"));
        String cursor = page(Map.of("first", 1)).at("/pageInfo/endCursor").asText();
        assertValidationError("after", Map.of("after", cursor, "tag", "band"));
        assertValidationError("after", Map.of("after", cursor, "maxAgeHours", 48));
        assertValidationError("before", Map.of("before", cursor, "vendor", "Acme"));
        assertValidationError("last", Map.of("first", 1, "last", 1));
        JsonNode badOnProduct = graphql.query(acme.token(),
                "{ products(first: 1) { nodes { pricePosition(maxAgeHours: 0) { position } } } }");
        assertThat(badOnProduct.at("/errors/0/extensions/argument").asText()).as(badOnProduct.toString())
                .isEqualTo("maxAgeHours");
    }

    @Test
    void aProductsPositionIsTheListsRowAndNullWithoutAPriceInTheCurrency() {
        JsonNode rest = rest("/api/v1/analytics/price-position?size=100");
        JsonNode answer = graphql.query(acme.token(), """
                { products(first: 10) { nodes { sku pricePosition { %s } eur: pricePosition(currency: "EUR") { sku }
                  week: pricePosition(maxAgeHours: 48) { position } } } }""".formatted(String.join(" ", ROW)));
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        JsonNode nodes = answer.at("/data/products/nodes");
        assertThat(nodes).hasSize(7);
        for (int i = 0; i < nodes.size(); i++) {
            for (String field : ROW) {
                assertThat(text(nodes.get(i).at("/pricePosition/" + field))).as(i + " " + field)
                        .isEqualTo(text(rest.get("items").get(i).path(field)));
            }
            assertThat(nodes.get(i).get("eur").isNull()).isTrue();
        }
        assertThat(nodes.get(6).at("/sku").asText()).isEqualTo("P-STALE");
        assertThat(nodes.get(6).at("/pricePosition/position").asText()).isEqualTo("NO_DATA");
        assertThat(nodes.get(6).at("/week/position").asText()).isEqualTo("MOST_EXPENSIVE");
    }

    @Test
    void theSummaryCostsTenOfItsOwn() {
        rest("/api/v1/analytics/price-position");
        JsonNode rows = graphql.query(acme.token(), "{ pricePosition(first: 5) { nodes { sku } } }");
        assertThat(rows.at("/extensions/cost/requestedQueryCost").asLong()).as(rows.toString()).isEqualTo(7);
        JsonNode summary = graphql.query(acme.token(),
                "{ pricePosition(first: 5) { nodes { sku } summary { total } } }");
        assertThat(summary.has("errors")).as(summary.toString()).isFalse();
        // 2 + 5 nodes, and the summary 10 in place of an object's 1
        assertThat(summary.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(17);
        assertThat(summary.at("/extensions/cost/actualQueryCost").asLong()).isEqualTo(17);
    }

    /** A value as text; null for a null REST leaves out. */
    private static String text(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private JsonNode rest(String path) {
        Api.Response read = api.get(path, acme.token(), "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.json();
    }

    private JsonNode page(Map<String, Object> variables) {
        JsonNode answer = graphql.query(acme.token(), PAGE, variables);
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        return answer.at("/data/pricePosition");
    }

    private void assertValidationError(String argument, Map<String, Object> variables) {
        JsonNode answer = graphql.query(acme.token(), PAGE, variables);
        GraphQlClient.assertValidationError(answer, argument);
    }
}
