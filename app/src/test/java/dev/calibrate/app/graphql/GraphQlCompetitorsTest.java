package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Competitors at /graphql: REST's list by name and domain, by keyset both ways, with cursors bound to the tenant. */
class GraphQlCompetitorsTest extends IntegrationTest {

    private static final String PAGE = """
            query($first: Int, $after: String, $last: Int, $before: String) {
              competitors(first: $first, after: $after, last: $last, before: $before) {
                edges { cursor node { id name domain registeredAt } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    private GraphQlClient graphql;
    private Api.TenantToken acme;
    private Api.TenantToken other;
    private long position;

    /** Seven of acme's competitors (two share a name), registered out of order, and one of another tenant. */
    @BeforeEach
    void competitors() {
        graphql = new GraphQlClient(api);
        acme = api.newTenant("GraphQL competitors");
        other = api.newTenant("Other competitors");
        for (String[] competitor : new String[][] {{"Dash", "dash.example"}, {"Bolt", "bolt.example"},
                {"Echo", "echo.example"}, {"Atlas", "b-atlas.example"}, {"Atlas", "a-atlas.example"},
                {"Cargo", "cargo.example"}, {"Fjord", "fjord.example"}}) {
            position = Math.max(position, register(acme, competitor[0], competitor[1]));
        }
        position = Math.max(position, register(other, "Theirs", "theirs.example"));
    }

    private long register(Api.TenantToken tenant, String name, String domain) {
        Api.Response registered = api.post("/api/v1/competitors", tenant.token(), Map.of("name", name, "domain", domain));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.position();
    }

    @Test
    void walkingTheCompetitorsBothWaysAnswersRestsListOnce() {
        Api.Response restRead = api.get("/api/v1/competitors?size=100", acme.token(), "X-Calibrate-Wait-For",
                Long.toString(position));
        assertThat(restRead.status()).as(restRead.body()).isEqualTo(200);
        JsonNode rest = restRead.json().get("items");
        assertThat(rest).hasSize(7);

        List<JsonNode> forwards = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            JsonNode page = page(acme, "first", 2, "after", after);
            page.get("edges").forEach(edge -> forwards.add(edge.get("node")));
            assertThat(page.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
            more = page.at("/pageInfo/hasNextPage").asBoolean();
            after = page.at("/pageInfo/endCursor").asText();
        }
        List<JsonNode> backwards = new ArrayList<>();
        String before = null;
        more = true;
        while (more) {
            JsonNode page = page(acme, "last", 3, "before", before);
            List<JsonNode> nodes = new ArrayList<>();
            page.get("edges").forEach(edge -> nodes.add(edge.get("node")));
            backwards.addAll(0, nodes);
            assertThat(page.at("/pageInfo/hasNextPage").asBoolean()).isEqualTo(before != null);
            more = page.at("/pageInfo/hasPreviousPage").asBoolean();
            before = page.at("/pageInfo/startCursor").asText();
        }
        for (List<JsonNode> walked : List.of(forwards, backwards)) {
            assertThat(walked).hasSize(rest.size());
            for (int i = 0; i < walked.size(); i++) {
                for (String field : List.of("id", "name", "domain", "registeredAt")) {
                    assertThat(walked.get(i).get(field).asText()).as(field + " " + i)
                            .isEqualTo(rest.get(i).get(field).asText());
                }
            }
        }
        assertThat(forwards).extracting(node -> node.get("domain").asText()).containsExactly("a-atlas.example",
                "b-atlas.example", "bolt.example", "cargo.example", "dash.example", "echo.example", "fjord.example");
        List<String> reversed = new ArrayList<>(backwards.stream().map(node -> node.get("id").asText()).toList());
        Collections.reverse(reversed);
        assertThat(reversed).doesNotHaveDuplicates().hasSize(7);
        assertThat(page(other, "first", 10).get("edges")).singleElement()
                .satisfies(edge -> assertThat(edge.at("/node/name").asText()).isEqualTo("Theirs"));
    }

    @Test
    void withoutCompetitorsReadTheListIsForbiddenAndBadArgumentsAreValidationErrors() {
        api.get("/api/v1/competitors", acme.token(), "X-Calibrate-Wait-For", Long.toString(position));
        Api.TenantToken catalogOnly = api.token(acme.tenantId(), "catalog:read");
        JsonNode forbidden = graphql.query(catalogOnly.token(), PAGE, Map.of());
        assertThat(forbidden.at("/errors/0/extensions/classification").asText()).as(forbidden.toString())
                .isEqualTo("FORBIDDEN");
        assertThat(forbidden.at("/errors/0/path/0").asText()).isEqualTo("competitors");

        assertValidationError("first", Map.of("first", 251));
        assertValidationError("last", Map.of("last", -1));
        assertValidationError("last", Map.of("first", 1, "last", 1));
        assertValidationError("after", Map.of("after", "not-a-cursor"));
        assertValidationError("before", Map.of("before", "bm90LWEtY3Vyc29y"));
        String cursor = page(acme, "first", 1).at("/pageInfo/endCursor").asText();
        JsonNode foreign = graphql.query(other.token(), PAGE, Map.of("after", cursor));
        assertThat(foreign.at("/errors/0/extensions/classification").asText()).as(foreign.toString())
                .isEqualTo("ValidationError");
        assertThat(foreign.at("/errors/0/extensions/argument").asText()).isEqualTo("after");
        String theirs = page(other, "first", 1).at("/pageInfo/endCursor").asText();
        assertValidationError("before", Map.of("before", theirs));
    }

    @Test
    void theCompetitorsCostAsAConnection() {
        JsonNode answer = graphql.query(acme.token(), "{ competitors(first: 4) { nodes { name } } }");
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(6);
    }

    private JsonNode page(Api.TenantToken tenant, Object... variables) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            values.put((String) variables[i], variables[i + 1]);
        }
        JsonNode answer = graphql.query(tenant.token(), PAGE, values);
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        return answer.at("/data/competitors");
    }

    private void assertValidationError(String argument, Map<String, Object> variables) {
        JsonNode answer = graphql.query(acme.token(), PAGE, variables);
        GraphQlClient.assertValidationError(answer, argument);
    }
}
