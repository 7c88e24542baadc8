package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Drifts at /graphql: REST's drift list newest first, by keyset, with cursors bound to tenant, channel and state. */
class GraphQlDriftsTest extends IntegrationTest {

    private static final String PAGE = """
            query($channel: String!, $first: Int, $after: String, $last: Int, $before: String, $state: String) {
              drifts(channel: $channel, first: $first, after: $after, last: $last, before: $before, state: $state) {
                edges { cursor node { productId channel sku currency expected actual actualCompareAt state
                  detectedAt resolvedAt } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    @Autowired
    Environment env;

    private GraphQlClient graphql;
    private Api.TenantToken acme;
    private Api.TenantToken other;

    /**
     * The drift read model as the channel projection writes it: six of acme's drifts at Shopify (two detected at
     * the same instant, one accepted), one at Amazon's name, and one of another tenant.
     */
    @BeforeEach
    void drifts() {
        graphql = new GraphQlClient(api);
        acme = api.newTenant("GraphQL drifts");
        other = api.newTenant("Other drifts");
        try (Sql owner = Sql.connect(env)) {
            for (int i = 1; i <= 6; i++) {
                String state = i == 4 ? "ACCEPTED" : i % 2 == 0 ? "REPAIRING" : "OPEN";
                String detected = "2026-11-0" + Math.min(i, 5) + "T10:00:00.123456Z";
                owner.execute(drift(acme, "shopify", "D-" + i, state, detected));
            }
            owner.execute(drift(acme, "amazon", "AMZ-1", "OPEN", "2026-11-01T10:00:00Z"));
            owner.execute(drift(other, "shopify", "THEIRS", "OPEN", "2026-11-01T10:00:00Z"));
        }
    }

    @Test
    void walkingTheDriftsPageByPageAnswersRestsListNewestFirstOnce() {
        for (String state : new String[] {null, "open,repairing,accepted", "ACCEPTED"}) {
            JsonNode rest = api.get("/api/v1/connectors/shopify/drift?size=100" + (state == null ? "" : "&state="
                    + state), acme.token()).json();
            List<JsonNode> walked = new ArrayList<>();
            String after = null;
            boolean more = true;
            while (more) {
                JsonNode page = page(acme, "first", 2, "after", after, "state", state);
                page.get("edges").forEach(edge -> walked.add(edge.get("node")));
                assertThat(page.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
                more = page.at("/pageInfo/hasNextPage").asBoolean();
                after = page.at("/pageInfo/endCursor").asText();
            }
            assertThat(walked).as(state).hasSize(rest.get("items").size());
            for (int i = 0; i < walked.size(); i++) {
                JsonNode theirs = rest.get("items").get(i);
                JsonNode mine = walked.get(i);
                assertThat(mine.get("productId").asText()).isEqualTo(theirs.get("productId").asText());
                for (String field : List.of("channel", "sku", "currency", "expected", "actual", "state",
                        "detectedAt")) {
                    assertThat(mine.get(field).asText()).as(field).isEqualTo(theirs.get(field).asText());
                }
            }
        }
        assertThat(page(acme, "first", 10).get("edges")).hasSize(5)
                .noneMatch(edge -> edge.at("/node/sku").asText().equals("THEIRS"));
        assertThat(page(acme, "first", 10, "state", "accepted").at("/edges/0/node/sku").asText()).isEqualTo("D-4");
        assertThat(page(other, "first", 10).get("edges")).singleElement()
                .satisfies(edge -> assertThat(edge.at("/node/sku").asText()).isEqualTo("THEIRS"));
    }

    @Test
    void walkingForwardsThenBackwardsSkipsAndRepeatsNothing() {
        for (String state : new String[] {null, "open,repairing,accepted", "ACCEPTED"}) {
            JsonNode rest = api.get("/api/v1/connectors/shopify/drift?size=100" + (state == null ? "" : "&state="
                    + state), acme.token()).json();
            List<String> restOrder = new ArrayList<>();
            rest.get("items").forEach(item -> restOrder.add(item.get("productId").asText()));
            // D-5 and D-6 share their instant: the product id orders them both ways
            for (int size : new int[] {1, 2, 4}) {
                List<String> walked = ConnectionWalk.bothWays(variables -> {
                    variables.put("state", state);
                    return page(acme, variables);
                }, size, node -> node.get("productId").asText());
                assertThat(walked).as(state + " by " + size).isEqualTo(restOrder);
            }
        }
        // the last two, and the one before them
        JsonNode last = page(acme, "last", 2);
        assertThat(last.get("edges")).extracting(edge -> edge.at("/node/sku").asText())
                .isEqualTo(page(acme, "first", 10).findValuesAsText("sku").subList(3, 5));
        assertThat(last.at("/pageInfo/hasPreviousPage").asBoolean()).isTrue();
        assertThat(last.at("/pageInfo/hasNextPage").asBoolean()).isFalse();
        assertThat(page(other, "last", 10).get("edges")).singleElement()
                .satisfies(edge -> assertThat(edge.at("/node/sku").asText()).isEqualTo("THEIRS"));
    }

    @Test
    void withoutAReadScopeTheDriftsAreForbiddenAndBadArgumentsAreValidationErrors() {
        Api.TenantToken pricesOnly = api.token(acme.tenantId(), "prices:write");
        JsonNode forbidden = graphql.query(pricesOnly.token(), PAGE, Map.of("channel", "shopify"));
        assertThat(forbidden.at("/errors/0/extensions/classification").asText()).as(forbidden.toString())
                .isEqualTo("FORBIDDEN");
        Api.TenantToken auditor = api.token(acme.tenantId(), "audit:read");
        assertThat(graphql.query(auditor.token(), PAGE, Map.of("channel", "shopify")).has("errors")).isFalse();

        assertValidationError("channel", Map.of("channel", "amazon"));
        assertValidationError("channel", Map.of("channel", "etsy"));
        assertValidationError("state", Map.of("channel", "shopify", "state", "OPEN,LOST"));
        assertValidationError("first", Map.of("channel", "shopify", "first", 251));
        assertValidationError("after", Map.of("channel", "shopify", "after", "not-a-cursor"));
        assertValidationError("before", Map.of("channel", "shopify", "before", "not-a-cursor"));
        assertValidationError("last", Map.of("channel", "shopify", "last", 251));
        assertValidationError("last", Map.of("channel", "shopify", "last", 2, "first", 2));
        String cursor = page(acme, "first", 1).at("/pageInfo/endCursor").asText();
        assertValidationError("after", Map.of("channel", "shopify", "after", cursor, "state", "ACCEPTED"));
        assertValidationError("before", Map.of("channel", "shopify", "before", cursor, "state", "ACCEPTED"));
        JsonNode foreign = graphql.query(other.token(), PAGE, Map.of("channel", "shopify", "after", cursor));
        assertThat(foreign.at("/errors/0/extensions/argument").asText()).as(foreign.toString()).isEqualTo("after");
        // the same states in another order and case are the same filter: the cursor goes on
        String both = page(acme, "first", 1, "state", "OPEN,REPAIRING").at("/pageInfo/endCursor").asText();
        assertThat(page(acme, "first", 1, "after", both, "state", "repairing, open").get("edges")).hasSize(1);
    }

    @Test
    void theDriftsCostAsAConnection() {
        JsonNode answer = graphql.query(acme.token(), "{ drifts(channel: \"shopify\", first: 4) { nodes { sku } } }");
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(6);
        assertThat(answer.at("/data/drifts/nodes")).hasSize(4);
    }

    private static String drift(Api.TenantToken tenant, String channel, String sku, String state, String detected) {
        return "INSERT INTO channel_drift_view (product_id, channel, tenant_id, sku, currency, expected, actual,"
                + " state, detected_at, resolved_at, version) VALUES ('" + UUID.randomUUID() + "', '" + channel
                + "', '" + tenant.tenantId() + "', '" + sku + "', 'USD', 18.00, 19.50, '" + state + "', '" + detected
                + "', " + (state.equals("ACCEPTED") ? "now()" : "NULL") + ", 1)";
    }

    private JsonNode page(Api.TenantToken tenant, Object... variables) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            values.put((String) variables[i], variables[i + 1]);
        }
        return page(tenant, values);
    }

    private JsonNode page(Api.TenantToken tenant, Map<String, Object> variables) {
        Map<String, Object> values = new HashMap<>(variables);
        values.put("channel", "shopify");
        JsonNode answer = graphql.query(tenant.token(), PAGE, values);
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        return answer.at("/data/drifts");
    }

    private void assertValidationError(String argument, Map<String, Object> variables) {
        JsonNode answer = graphql.query(acme.token(), PAGE, variables);
        GraphQlClient.assertValidationError(answer, argument);
    }
}
