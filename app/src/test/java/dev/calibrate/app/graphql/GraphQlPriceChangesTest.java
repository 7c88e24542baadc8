package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Price changes at /graphql: REST's reads, REST's scopes (any one of four), keyset pages newest first. */
class GraphQlPriceChangesTest extends IntegrationTest {

    private static final String PAGE = """
            query($first: Int, $after: String, $last: Int, $before: String, $state: String) {
              priceChanges(first: $first, after: $after, last: $last, before: $before, state: $state) {
                edges { cursor node { id name state author applied channelSync { channel synced } } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    private GraphQlClient graphql;
    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        graphql = new GraphQlClient(api);
        acme = api.newTenant("GraphQL price changes");
    }

    @Test
    void aPriceChangeAnswersAsRestDoesAndAnotherTenantsIsNull() {
        String id = draft("Summer sale");
        JsonNode rest = api.get("/api/v1/price-changes/" + id, acme.token()).json();

        JsonNode answer = graphql.query(acme.token(), "query($id: ID!) { priceChange(id: $id) { id name state author "
                + "createdAt channelSync { channel pending } } }", Map.of("id", id));

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        JsonNode change = answer.at("/data/priceChange");
        assertThat(change.get("id").asText()).isEqualTo(id);
        assertThat(change.get("name").asText()).isEqualTo("Summer sale");
        assertThat(change.get("state").asText()).isEqualTo(rest.get("state").asText()).isEqualTo("DRAFT");
        assertThat(change.get("author").asText()).isEqualTo(rest.get("author").asText());
        assertThat(change.get("createdAt").asText()).isEqualTo(rest.get("createdAt").asText());
        assertThat(change.get("channelSync")).isEmpty();

        Api.TenantToken other = api.newTenant("Other");
        JsonNode foreign = graphql.query(other.token(), "query($id: ID!) { priceChange(id: $id) { id } }",
                Map.of("id", id));
        assertThat(foreign.has("errors")).as(foreign.toString()).isFalse();
        assertThat(foreign.at("/data/priceChange").isNull()).isTrue();
        JsonNode missing = graphql.query(acme.token(), "query($id: ID!) { priceChange(id: $id) { id } }",
                Map.of("id", UUID.randomUUID().toString()));
        assertThat(missing.at("/data/priceChange").isNull()).as(missing.toString()).isTrue();
    }

    @Test
    void priceChangesPageNewestFirstAndWalkEveryChangeOnce() {
        List<String> created = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            created.add(0, draft("Change " + i));
        }

        List<String> walked = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            Map<String, Object> variables = new HashMap<>(Map.of("first", 2));
            variables.put("after", after);
            JsonNode answer = graphql.query(acme.token(), PAGE, variables);
            assertThat(answer.has("errors")).as(answer.toString()).isFalse();
            JsonNode page = answer.at("/data/priceChanges");
            page.get("edges").forEach(edge -> walked.add(edge.at("/node/id").asText()));
            assertThat(page.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
            more = page.at("/pageInfo/hasNextPage").asBoolean();
            after = page.at("/pageInfo/endCursor").asText();
        }

        assertThat(walked).containsExactlyElementsOf(created);
        JsonNode drafts = graphql.query(acme.token(), PAGE, Map.of("first", 10, "state", "draft"));
        assertThat(drafts.at("/data/priceChanges/edges")).hasSize(5);
        JsonNode applied = graphql.query(acme.token(), PAGE, Map.of("first", 10, "state", "APPLIED"));
        assertThat(applied.at("/data/priceChanges/edges")).isEmpty();
    }

    @Test
    void walkingForwardsThenBackwardsSkipsAndRepeatsNothing() {
        List<String> created = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            created.add(0, draft("Change " + i));
        }
        for (String state : new String[] {null, "draft"}) {
            for (int size : new int[] {1, 2, 5}) {
                List<String> walked = ConnectionWalk.bothWays(variables -> {
                    variables.put("state", state);
                    JsonNode answer = graphql.query(acme.token(), PAGE, variables);
                    assertThat(answer.has("errors")).as(answer.toString()).isFalse();
                    return answer.at("/data/priceChanges");
                }, size, node -> node.get("id").asText());
                assertThat(walked).as(state + " by " + size).containsExactlyElementsOf(created);
            }
        }
        JsonNode applied = graphql.query(acme.token(), PAGE, Map.of("last", 10, "state", "APPLIED"));
        assertThat(applied.at("/data/priceChanges/edges")).isEmpty();
        Api.TenantToken other = api.newTenant("Other changes");
        JsonNode theirs = graphql.query(other.token(), PAGE, Map.of("last", 10));
        assertThat(theirs.at("/data/priceChanges/edges")).as(theirs.toString()).isEmpty();
    }

    @Test
    void withoutAPriceOrAuditScopeTheFieldsAreForbiddenAndBadArgumentsAreValidationErrors() {
        Api.TenantToken catalogOnly = api.token(acme.tenantId(), "catalog:read");
        // the list is non-null, so its FORBIDDEN nulls the whole answer, as products does
        JsonNode forbidden = graphql.query(catalogOnly.token(), "{ priceChanges { edges { cursor } } }");
        assertThat(forbidden.at("/errors/0/extensions/classification").asText()).as(forbidden.toString())
                .isEqualTo("FORBIDDEN");
        assertThat(forbidden.at("/errors/0/path/0").asText()).isEqualTo("priceChanges");
        assertThat(forbidden.at("/data").isNull()).isTrue();
        // one change is nullable: it alone is null, and the rest of the document answers
        JsonNode single = graphql.query(catalogOnly.token(), "query($id: ID!) { priceChange(id: $id) { id } "
                + "products(first: 1) { edges { cursor } } }", Map.of("id", UUID.randomUUID().toString()));
        assertThat(single.at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        assertThat(single.at("/errors/0/path/0").asText()).isEqualTo("priceChange");
        assertThat(single.at("/data/priceChange").isNull()).isTrue();
        assertThat(single.at("/data/products/edges").isArray()).as(single.toString()).isTrue();
        // any one of REST's four scopes reads them
        Api.TenantToken auditor = api.token(acme.tenantId(), "audit:read");
        assertThat(graphql.query(auditor.token(), PAGE, Map.of()).has("errors")).isFalse();

        assertValidationError(Map.of("state", "SOMEDAY"), "state");
        assertValidationError(Map.of("first", 251), "first");
        assertValidationError(Map.of("after", "not-a-cursor"), "after");
        assertValidationError(Map.of("before", "not-a-cursor"), "before");
        assertValidationError(Map.of("last", -1), "last");
        assertValidationError(Map.of("first", 1, "last", 1), "last");
        Api.Response product = api.post("/api/v1/products:batch", acme.token(), Map.of("items", List.of(Map.of(
                "sku", "CURSOR-1", "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", "10.00"))))));
        assertThat(product.status()).as(product.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/products?size=1", acme.token(), "X-Calibrate-Wait-For",
                Long.toString(product.position())).status()).isEqualTo(200);
        String productCursor = graphql.query(acme.token(), "{ products(first: 1) { pageInfo { endCursor } } }")
                .at("/data/products/pageInfo/endCursor").asText();
        assertThat(productCursor).isNotEmpty().isNotEqualTo("null");
        draft("One");
        String changeCursor = graphql.query(acme.token(), PAGE, Map.of("first", 1))
                .at("/data/priceChanges/pageInfo/endCursor").asText();
        // a cursor of another list, or of the same list with another state, is no cursor here
        assertValidationError(Map.of("after", changeCursor, "state", "DRAFT"), "after");
        assertValidationError(Map.of("after", productCursor), "after");
        assertValidationError(Map.of("before", changeCursor, "state", "DRAFT"), "before");
        assertValidationError(Map.of("before", productCursor), "before");
        JsonNode badId = graphql.query(acme.token(), "{ priceChange(id: \"42\") { id } }");
        assertThat(badId.at("/errors/0/extensions/classification").asText()).isEqualTo("ValidationError");
    }

    private void assertValidationError(Map<String, Object> variables, String argument) {
        JsonNode answer = graphql.query(acme.token(), PAGE, variables);
        GraphQlClient.assertValidationError(answer, argument);
    }

    /** A drafted price change, once the read model shows it; answers its id. */
    private String draft(String name) {
        Api.Response created = api.post("/api/v1/price-changes", acme.token(),
                Map.of("name", name, "rule", PriceChangeSteps.SUMMER_SALE));
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        String id = created.json().get("id").asText();
        Api.Response read = api.get("/api/v1/price-changes/" + id, acme.token(), "X-Calibrate-Wait-For",
                Long.toString(created.position()));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return id;
    }
}
