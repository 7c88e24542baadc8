package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A price change previewing 1,001 products: its items walked forwards with first/after and back with
 * last/before answer REST's items in preview order, each once.
 */
@Tag("slow") // walks 1,001 items one by one: ./mvnw verify -Pslow
class GraphQlPriceChangeItemsWalkTest extends IntegrationTest {

    private static final String ITEMS = """
            query($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $status: String) {
              priceChange(id: $id) {
                items(first: $first, after: $after, last: $last, before: $before, status: $status) {
                  edges { node { productId currency explain } }
                  pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                }
              }
            }""";

    @Test
    void walking1001ItemsForwardsAndBackwardsSkipsAndRepeatsNothing() {
        PriceChangeSteps steps = new PriceChangeSteps(api);
        GraphQlClient graphql = new GraphQlClient(api);
        Api.TenantToken acme = api.newTenant("GraphQL 1,001 items");
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 1; i <= 1001; i++) {
            products.add(product("W-%04d".formatted(i), "%d.%02d".formatted(10 + i / 100, i % 100), null, "summer"));
        }
        steps.catalog(acme.token(), products);
        String change = steps.draft(acme.token(), "All of them", PriceChangeSteps.SUMMER_SALE, Map.of());
        steps.preview(acme.token(), change);
        List<JsonNode> restItems = steps.items(acme.token(), change);
        assertThat(restItems).hasSize(1001);

        for (String status : new String[] {null, "CHANGE"}) {
            List<String> rest = restItems.stream()
                    .filter(item -> status == null || status.equals(item.get("status").asText()))
                    .map(item -> item.get("productId").asText() + " " + item.get("currency").asText()).toList();
            assertThat(rest).isNotEmpty();
            List<String> walked = ConnectionWalk.bothWays(variables -> {
                variables.put("id", change);
                variables.put("status", status);
                JsonNode answer = graphql.query(acme.token(), ITEMS, variables);
                assertThat(answer.has("errors")).as(answer.toString()).isFalse();
                JsonNode items = answer.at("/data/priceChange/items");
                items.get("edges").forEach(edge -> assertThat(edge.at("/node/explain").isObject()).isTrue());
                return items;
            }, 250, node -> node.get("productId").asText() + " " + node.get("currency").asText());
            assertThat(walked).as(status).isEqualTo(rest);
        }

        // a before cursor of another filter, or of another change, is no cursor here
        String cursor = graphql.query(acme.token(), ITEMS, Map.of("id", change, "last", 1))
                .at("/data/priceChange/items/pageInfo/startCursor").asText();
        JsonNode otherFilter = graphql.query(acme.token(), ITEMS, Map.of("id", change, "last", 1, "before", cursor,
                "status", "CHANGE"));
        assertThat(otherFilter.at("/errors/0/extensions/argument").asText()).as(otherFilter.toString())
                .isEqualTo("before");
        JsonNode badSize = graphql.query(acme.token(), ITEMS, Map.of("id", change, "last", 251));
        assertThat(badSize.at("/errors/0/extensions/argument").asText()).as(badSize.toString()).isEqualTo("last");
        // another tenant's token sees no change, so no items
        Api.TenantToken other = api.newTenant("Other 1,001 items");
        JsonNode foreign = graphql.query(other.token(), ITEMS, Map.of("id", change, "last", 250));
        assertThat(foreign.at("/data/priceChange").isNull()).as(foreign.toString()).isTrue();
    }
}
