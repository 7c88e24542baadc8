package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Shopify-like limits at /graphql: a calculated cost refused above 1,000, and a per-tenant cost bucket. */
class GraphQlCostTest extends IntegrationTest {

    /** 2 + 250 + 250 × (prices 1 + competitors 1) = 752. */
    private static final String COSTS_752 =
            "{ products(first: 250) { edges { node { sku prices { amount } competitors { name } } } } }";

    private GraphQlClient graphql;
    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        graphql = new GraphQlClient(api);
        acme = api.newTenant("GraphQL cost");
    }

    @Test
    void everyAnswerSaysWhatItCostAndWhatTheBucketHolds() {
        JsonNode answer = graphql.once(acme.token(), "{ products(first: 10) { edges { node { sku } } } }", Map.of());

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        JsonNode cost = answer.at("/extensions/cost");
        assertThat(cost.get("requestedQueryCost").asLong()).isEqualTo(12);
        assertThat(cost.at("/throttleStatus/maximumAvailable").asLong()).isEqualTo(1000);
        assertThat(cost.at("/throttleStatus/restoreRate").asLong()).isEqualTo(100);
        assertThat(cost.at("/throttleStatus/currentlyAvailable").asLong()).isBetween(988L, 1000L);
    }

    @Test
    void aQueryFilteredConnectionCostsAtLeastTen() {
        // its match may scan the catalog however few nodes it asks for
        JsonNode none = graphql.once(acme.token(),
                "{ products(first: 0, query: \"x\") { pageInfo { hasNextPage } } }", Map.of());
        assertThat(none.has("errors")).as(none.toString()).isFalse();
        assertThat(none.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(10);
        // above the minimum it costs as any connection; unfiltered (or a blank query) no minimum
        assertThat(graphql.once(acme.token(), "{ products(first: 20, query: \"x\") { edges { node { sku } } } }",
                Map.of()).at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(22);
        assertThat(graphql.once(acme.token(), "{ products(first: 0, query: \" \") { pageInfo { hasNextPage } } }",
                Map.of()).at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(2);
        assertThat(graphql.once(acme.token(), "{ products(first: 0) { pageInfo { hasNextPage } } }",
                Map.of()).at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(2);
    }

    @Test
    void aDocumentCostingOverAThousandIsRefusedBeforeItRuns() {
        // 2 + 250 + 250 × (2 + 10) = 3,252: a page of products each asking for its price history
        JsonNode answer = graphql.once(acme.token(), "{ products(first: 250) { edges { node { sku "
                + "priceHistory(first: 10) { edges { node { amount } } } } } } }", Map.of());

        assertThat(answer.has("data")).as(answer.toString()).isFalse();
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("MAX_COST_EXCEEDED");
        assertThat(answer.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(3252);
        // refused before the bucket: a cheap query right after still has the whole bucket
        JsonNode after = graphql.once(acme.token(), "{ products(first: 1) { edges { cursor } } }", Map.of());
        assertThat(after.at("/extensions/cost/throttleStatus/currentlyAvailable").asLong()).isGreaterThanOrEqualTo(997);
    }

    @Test
    void anEmptyBucketAnswersThrottledUntilItRefills() {
        JsonNode first = graphql.once(acme.token(), COSTS_752, Map.of());
        assertThat(first.has("errors")).as(first.toString()).isFalse();

        JsonNode second = graphql.once(acme.token(), COSTS_752, Map.of());

        assertThat(second.has("data")).as(second.toString()).isFalse();
        assertThat(second.at("/errors/0/extensions/classification").asText()).isEqualTo("THROTTLED");
        assertThat(second.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(752);
        assertThat(second.at("/extensions/cost/throttleStatus/currentlyAvailable").asLong()).isLessThan(752);
        // another tenant's bucket is its own
        Api.TenantToken other = api.newTenant("Other");
        assertThat(graphql.once(other.token(), COSTS_752, Map.of()).has("errors")).isFalse();
    }

    @Test
    void aDocumentTooDeepIsRefusedBeforeItIsCharged() {
        // 752 points of products and a 12-level introspection beside them: refused for its depth, twice
        String tooDeep = COSTS_752.substring(0, COSTS_752.length() - 1) + " __schema { types { fields { type "
                + "{ ofType ".repeat(8) + "{ name }" + " }".repeat(8) + " } } } }";
        for (int i = 0; i < 2; i++) {
            JsonNode refused = graphql.once(acme.token(), tooDeep, Map.of());
            assertThat(refused.at("/errors/0/message").asText()).as(refused.toString()).containsIgnoringCase("depth");
        }

        // had either been charged, the bucket could not grant 752 now
        JsonNode granted = graphql.once(acme.token(), COSTS_752, Map.of());
        assertThat(granted.has("errors")).as(granted.toString()).isFalse();
        assertThat(granted.at("/extensions/cost/throttleStatus/currentlyAvailable").asLong()).isBetween(248L, 1000L - 752L + 50L);
    }

    @Test
    void aDocumentTenFieldsDeepRunsAndElevenIsRefused() {
        JsonNode ten = graphql.once(acme.token(), fieldsDeep(10), Map.of());
        assertThat(ten.has("errors")).as(ten.toString()).isFalse();
        assertThat(ten.at("/data/__schema/types").isArray()).as(ten.toString()).isTrue();

        JsonNode eleven = graphql.once(acme.token(), fieldsDeep(11), Map.of());
        assertThat(eleven.has("data")).as(eleven.toString()).isFalse();
        assertThat(eleven.at("/errors/0/message").asText()).as(eleven.toString()).containsIgnoringCase("depth");
        assertThat(eleven.at("/extensions/cost/actualQueryCost").isNull()).as("nothing ran: " + eleven).isTrue();
        assertThat(eleven.at("/extensions/cost/requestedQueryCost").isNull()).as("not counted: " + eleven).isTrue();
    }

    /** "with extensions.cost on every response": refusals too, whatever refused the document. */
    @Test
    void aDocumentThatIsNotValidOrNotGraphQlStillSaysWhatItCost() {
        JsonNode unknownField = graphql.once(acme.token(), "{ products(first: 1) { edges { node { nope } } } }",
                Map.of());
        assertThat(unknownField.at("/errors/0/extensions/classification").asText()).as(unknownField.toString())
                .isEqualTo("ValidationError");
        JsonNode notGraphQl = graphql.once(acme.token(), "{ products(first: 1) { edges", Map.of());
        assertThat(notGraphQl.at("/errors/0/extensions/classification").asText()).as(notGraphQl.toString())
                .isEqualTo("InvalidSyntax");

        for (JsonNode refused : List.of(unknownField, notGraphQl)) {
            assertThat(refused.at("/extensions/cost").isObject()).as(refused.toString()).isTrue();
            assertThat(refused.at("/extensions/cost/requestedQueryCost").isNull()).as(refused.toString()).isTrue();
            assertThat(refused.at("/extensions/cost/actualQueryCost").isNull()).as(refused.toString()).isTrue();
        }
    }

    /** __schema, types, fields, type, then ofType until the leaf name is the {@code depth}th field down. */
    private static String fieldsDeep(int depth) {
        int ofTypes = depth - 5;
        return "{ __schema { types { fields { type { " + "ofType { ".repeat(ofTypes) + "name"
                + " }".repeat(ofTypes) + " } } } } }";
    }

    @Test
    void priceHistoryCostsLikeAnyConnectionAndTheActualCostCountsWhatWasAnswered() {
        Api.Response seeded = api.post("/api/v1/products:batch", acme.token(), Map.of("items", List.of(Map.of(
                "sku", "C-1", "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", "10.00"))))));
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
        String id = api.get("/api/v1/products?sku=C-1", acme.token(), "X-Calibrate-Wait-For",
                Long.toString(seeded.position())).json().at("/items/0/id").asText();
        String document = "query($id: ID!) { product(id: $id) { sku prices { amount } "
                + "priceHistory(first: 100) { edges { node { amount } } } } }";

        JsonNode answer = graphql.once(acme.token(), document, Map.of("id", id));

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        // product 1 + prices 1 + priceHistory 2 + 100; answered: one history entry, so 1 + 1 + 2 + 1
        assertThat(answer.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(104);
        assertThat(answer.at("/extensions/cost/actualQueryCost").asLong()).isEqualTo(5);
        // a product that is not there costs nothing it did not answer
        JsonNode missing = graphql.once(acme.token(), document, Map.of("id", UUID.randomUUID().toString()));
        assertThat(missing.at("/data/product").isNull()).as(missing.toString()).isTrue();
        assertThat(missing.at("/extensions/cost/actualQueryCost").asLong()).isZero();
        // a refused document ran nothing: no actual cost
        JsonNode refused = graphql.once(acme.token(), "{ products(first: 250) { edges { node { "
                + "priceHistory(first: 10) { edges { node { amount } } } } } } }", Map.of());
        assertThat(refused.at("/extensions/cost/actualQueryCost").isNull()).as(refused.toString()).isTrue();
    }
}
