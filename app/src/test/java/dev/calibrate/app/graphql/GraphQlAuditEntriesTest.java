package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/** The audit log at /graphql: REST's entries newest first, by keyset, with cursors bound to tenant and filter. */
class GraphQlAuditEntriesTest extends IntegrationTest {

    private static final String PAGE = """
            query($first: Int, $after: String, $last: Int, $before: String, $entityType: String, $entityId: String,
                  $actor: String, $from: String, $to: String) {
              auditEntries(first: $first, after: $after, last: $last, before: $before, entityType: $entityType,
                           entityId: $entityId, actor: $actor, from: $from, to: $to) {
                edges { cursor node { eventId position entityType entityId action actor correlationId at } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    private GraphQlClient graphql;
    private Api.TenantToken acme;

    /** A tenant whose log has its creation, its token and six products' entries, caught up. */
    @BeforeEach
    void tenantWithEntries() {
        graphql = new GraphQlClient(api);
        acme = api.newTenant("GraphQL audit");
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            products.add(product("GA-" + i, "10.00"));
        }
        Api.Response written = api.post("/api/v1/products:batch", acme.token(), Map.of("items", products));
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit?size=1", acme.token(), "X-Calibrate-Wait-For",
                Long.toString(written.position())).status()).isEqualTo(200);
    }

    @Test
    void walkingTheLogPageByPageAnswersRestsEntriesNewestFirstOnce() {
        JsonNode rest = api.get("/api/v1/audit?size=100", acme.token()).json();
        assertThat(rest.get("items").size()).isGreaterThanOrEqualTo(6);

        List<JsonNode> walked = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            JsonNode page = page(acme, "first", 2, "after", after);
            page.get("edges").forEach(edge -> walked.add(edge.get("node")));
            assertThat(page.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
            more = page.at("/pageInfo/hasNextPage").asBoolean();
            after = page.at("/pageInfo/endCursor").asText();
        }

        assertThat(walked).hasSize(rest.get("items").size());
        for (int i = 0; i < walked.size(); i++) {
            JsonNode theirs = rest.get("items").get(i);
            JsonNode mine = walked.get(i);
            for (String field : List.of("eventId", "position", "entityType", "entityId", "action", "actor", "at")) {
                assertThat(mine.get(field).asText()).as(field).isEqualTo(theirs.get(field).asText());
            }
        }

        String productId = walked.stream().filter(entry -> entry.get("entityType").asText().equals("product"))
                .findFirst().orElseThrow().get("entityId").asText();
        JsonNode one = page(acme, "entityId", productId);
        JsonNode restOne = api.get("/api/v1/audit?entityId=" + productId, acme.token()).json();
        assertThat(one.get("edges")).hasSize(restOne.get("items").size()).isNotEmpty()
                .allSatisfy(edge -> assertThat(edge.at("/node/entityId").asText()).isEqualTo(productId));

        // another tenant's log holds none of these
        Api.TenantToken other = api.newTenant("Other audit");
        JsonNode theirs = page(other, "first", 250);
        List<String> acmeIds = walked.stream().map(entry -> entry.get("eventId").asText()).toList();
        theirs.get("edges").forEach(edge -> assertThat(acmeIds).doesNotContain(edge.at("/node/eventId").asText()));
        assertThat(page(other, "entityId", productId).get("edges")).isEmpty();
    }

    @Test
    void walkingForwardsThenBackwardsWithRestsFiltersAnswersRestsEntriesOnce() {
        JsonNode all = api.get("/api/v1/audit?size=100", acme.token()).json().get("items");
        JsonNode product = StreamSupport.stream(all.spliterator(), false)
                .filter(entry -> entry.get("entityType").asText().equals("product")).findFirst().orElseThrow();
        String actor = all.get(0).get("actor").asText();
        String from = all.get(all.size() - 1).get("at").asText();
        String to = all.get(0).get("at").asText();
        List<Map<String, String>> filters = List.of(Map.of(), Map.of("entityType", "product"),
                Map.of("entityType", "product", "entityId", product.get("entityId").asText()),
                Map.of("actor", actor), Map.of("from", to), Map.of("to", to), Map.of("from", from, "to", to),
                Map.of("entityType", "tenant", "actor", actor, "from", from));
        for (Map<String, String> filter : filters) {
            StringBuilder query = new StringBuilder("/api/v1/audit?size=100");
            filter.forEach((name, value) -> query.append('&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            List<String> rest = new ArrayList<>();
            api.get(query.toString(), acme.token()).json().get("items")
                    .forEach(entry -> rest.add(entry.get("eventId").asText()));
            for (int size : new int[] {1, 2, 5}) {
                List<String> walked = ConnectionWalk.bothWays(variables -> {
                    variables.putAll(filter);
                    return page(acme, variables);
                }, size, node -> node.get("eventId").asText());
                assertThat(walked).as(filter + " by " + size).isEqualTo(rest);
            }
        }
        // six products, each created and its price observed
        assertThat(page(acme, "last", 250, "entityType", "product").get("edges")).hasSize(12);
        // another tenant's log holds none of these, whatever the filter
        Api.TenantToken other = api.newTenant("Other audit filters");
        assertThat(page(other, "last", 250, "actor", actor).get("edges")).isEmpty();
        assertThat(page(other, "first", 250, "entityType", "product").get("edges")).isEmpty();
    }

    @Test
    void aFilterNoIndexServesCostsAtLeastTen() {
        for (String filter : List.of("actor: \"x\"", "from: \"2026-01-01T00:00:00Z\"",
                "to: \"2026-01-01T00:00:00Z\"")) {
            JsonNode answer = graphql.query(acme.token(), "{ auditEntries(first: 1, " + filter
                    + ") { edges { node { eventId } } } }");
            assertThat(answer.has("errors")).as(answer.toString()).isFalse();
            assertThat(answer.at("/extensions/cost/requestedQueryCost").asLong()).as(filter).isEqualTo(10);
        }
        JsonNode indexed = graphql.query(acme.token(), "{ auditEntries(first: 1, entityType: \"product\", "
                + "entityId: \"x\") { edges { node { eventId } } } }");
        assertThat(indexed.at("/extensions/cost/requestedQueryCost").asLong()).as(indexed.toString()).isEqualTo(3);
    }

    @Test
    void withoutAuditReadTheLogIsForbiddenAndBadArgumentsAreValidationErrors() {
        Api.TenantToken catalogOnly = api.token(acme.tenantId(), "catalog:read", "prices:write");
        JsonNode forbidden = graphql.query(catalogOnly.token(), PAGE, Map.of());
        assertThat(forbidden.at("/errors/0/extensions/classification").asText()).as(forbidden.toString())
                .isEqualTo("FORBIDDEN");
        assertThat(forbidden.at("/data").isNull()).isTrue();

        assertValidationError("first", Map.of("first", 251));
        assertValidationError("after", Map.of("after", "not-a-cursor"));
        assertValidationError("entityId", Map.of("entityId", "x".repeat(201)));
        assertValidationError("before", Map.of("before", "not-a-cursor"));
        assertValidationError("last", Map.of("last", 251));
        assertValidationError("last", Map.of("last", 1, "first", 1));
        assertValidationError("entityType", Map.of("entityType", "product\u0007"));
        assertValidationError("actor", Map.of("actor", "a".repeat(201)));
        assertValidationError("from", Map.of("from", "yesterday"));
        assertValidationError("from", Map.of("from", "2026-01-01"));
        assertValidationError("to", Map.of("to", "+10000-01-01T00:00:00Z"));
        assertValidationError("to", Map.of("to", "-0001-01-01T00:00:00Z"));
        String cursor = page(acme, "first", 1).at("/pageInfo/endCursor").asText();
        String productId = page(acme, "first", 1).at("/edges/0/node/entityId").asText();
        assertValidationError("after", Map.of("after", cursor, "entityId", productId));
        // each of REST's filters is part of what a cursor is bound to
        for (Map<String, Object> filter : List.<Map<String, Object>>of(Map.of("entityType", "product"),
                Map.of("actor", "someone"), Map.of("from", "2026-01-01T00:00:00Z"),
                Map.of("to", "2026-01-01T00:00:00Z"))) {
            Map<String, Object> after = new HashMap<>(filter);
            after.put("after", cursor);
            assertValidationError("after", after);
            Map<String, Object> before = new HashMap<>(filter);
            before.put("before", cursor);
            assertValidationError("before", before);
        }
        // the same instant written otherwise is the same filter: its cursor goes on
        String since = page(acme, "first", 1, "from", "2020-01-01T00:00:00Z").at("/pageInfo/endCursor").asText();
        assertThat(page(acme, "first", 1, "after", since, "from", "2020-01-01T00:00:00.000Z").get("edges"))
                .hasSize(1);
        String productCursor = graphql.query(acme.token(), "{ products(first: 1) { pageInfo { endCursor } } }")
                .at("/data/products/pageInfo/endCursor").asText();
        assertValidationError("after", Map.of("after", productCursor));
        Api.TenantToken other = api.newTenant("Other audit cursor");
        JsonNode foreign = graphql.query(other.token(), PAGE, Map.of("after", cursor));
        assertThat(foreign.at("/errors/0/extensions/argument").asText()).as(foreign.toString()).isEqualTo("after");
    }

    @Test
    void theLogCostsAsAConnection() {
        JsonNode answer = graphql.query(acme.token(), "{ auditEntries(first: 3) { edges { node { eventId } } } }");
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(5);
        assertThat(answer.at("/data/auditEntries/edges")).hasSize(3);
    }

    private JsonNode page(Api.TenantToken tenant, Object... variables) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            values.put((String) variables[i], variables[i + 1]);
        }
        return page(tenant, values);
    }

    private JsonNode page(Api.TenantToken tenant, Map<String, Object> values) {
        JsonNode answer = graphql.query(tenant.token(), PAGE, values);
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        return answer.at("/data/auditEntries");
    }

    private void assertValidationError(String argument, Map<String, Object> variables) {
        JsonNode answer = graphql.query(acme.token(), PAGE, variables);
        GraphQlClient.assertValidationError(answer, argument);
    }
}
