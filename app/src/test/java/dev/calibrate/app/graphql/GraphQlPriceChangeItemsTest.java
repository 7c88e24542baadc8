package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A price change's items at /graphql: what REST's items pages answer, field for field and filter for filter,
 * here a connection by keyset on the preview order whose cursors belong to the tenant, the change and the filter.
 */
class GraphQlPriceChangeItemsTest extends IntegrationTest {

    private static final String ITEMS = """
            query($id: ID!, $first: Int, $after: String, $status: String, $outcome: String, $channelState: String,
                  $anomalous: Boolean) {
              priceChange(id: $id) {
                items(first: $first, after: $after, status: $status, outcome: $outcome, channelState: $channelState,
                      anomalous: $anomalous) {
                  edges { cursor node { productId sku currency status outcome currentPrice { amount currency }
                    proposedPrice { amount currency } delta { amount } deltaPercent currentCompareAt { amount }
                    proposedCompareAt { amount } reasons outcomeReason explain
                    channels { channel state reason errors { code field message } }
                    anomalies { kind severity reason score } } }
                  pageInfo { hasNextPage hasPreviousPage endCursor }
                }
              }
            }""";

    /** The items' cursors only: cheap whatever first asks (first: 251 is priced as 250). */
    private static final String CURSORS = ITEMS.substring(0, ITEMS.indexOf("edges {")) + "edges { cursor } } } }";

    /** 20 % off summer products: COSTLY's proposed price lies below its cost, which the preview flags. */
    private static final Map<String, Object> TWENTY_OFF = Map.of(
            "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "summer"))),
            "transform", List.of(Map.of("op", "percent", "value", -20)), "currency", "USD");

    @Autowired
    Environment env;

    private GraphQlClient graphql;
    private PriceChangeSteps steps;
    private Api.TenantToken acme;
    private String change;

    /** Eight summer products, a change over them applied with MOVED's price moved since the preview. */
    @BeforeEach
    void appliedChange() {
        graphql = new GraphQlClient(api);
        steps = new PriceChangeSteps(api);
        acme = api.newTenant("GraphQL price change items");
        Api.TenantToken approver = api.token(acme.tenantId(), "prices:approve");
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            products.add(product("S-0" + i, (10 + i) + ".00", null, "summer"));
        }
        products.add(product("COSTLY", "30.00", "28.00", "summer"));
        products.add(product("MOVED", "44.00", null, "summer"));
        products.add(product("WINTER", "99.00", null, "winter"));
        steps.catalog(acme.token(), products);
        change = steps.approved(acme.token(), approver.token(), "Summer", TWENTY_OFF, Map.of());
        steps.catalog(acme.token(), List.of(product("MOVED", "45.00", null, "summer")));
        assertThat(steps.action(acme.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(acme.token(), change);
    }

    @Test
    void walkingTheItemsPageByPageAnswersRestsItemsInPreviewOrderOnce() {
        List<JsonNode> rest = steps.items(acme.token(), change);
        assertThat(rest).hasSize(8);

        List<JsonNode> walked = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            JsonNode page = items(change, "first", 3, "after", after);
            page.get("edges").forEach(edge -> walked.add(edge.get("node")));
            assertThat(page.get("edges").size()).isLessThanOrEqualTo(3);
            assertThat(page.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
            more = page.at("/pageInfo/hasNextPage").asBoolean();
            after = page.at("/pageInfo/endCursor").asText();
        }

        assertThat(walked).hasSize(rest.size());
        for (int i = 0; i < rest.size(); i++) {
            JsonNode mine = walked.get(i);
            JsonNode theirs = rest.get(i);
            assertThat(mine.get("productId").asText()).isEqualTo(theirs.get("productId").asText());
            for (String field : List.of("sku", "currency", "status", "outcome", "deltaPercent", "outcomeReason")) {
                assertThat(text(mine.path(field))).as(field).isEqualTo(text(theirs.path(field)));
            }
            for (String money : List.of("currentPrice", "proposedPrice", "delta", "currentCompareAt",
                    "proposedCompareAt")) {
                assertThat(text(mine.path(money).path("amount"))).as(money)
                        .isEqualTo(text(theirs.path(money).path("amount")));
            }
            assertThat(mine.get("reasons")).isEqualTo(theirs.get("reasons"));
            assertThat(mine.get("explain")).isEqualTo(theirs.get("explain")).isNotEmpty();
            assertThat(mine.get("anomalies").size()).isEqualTo(theirs.get("anomalies").size());
        }
        JsonNode costly = bySku(walked, "COSTLY");
        assertThat(costly.at("/currentPrice/currency").asText()).isEqualTo("USD");
        assertThat(costly.at("/proposedPrice/amount").asText()).isEqualTo("24.00");
        assertThat(costly.at("/anomalies/0/kind").asText()).isEqualTo("below_cost");
        assertThat(costly.at("/anomalies/0/severity").asText()).isEqualTo("critical");
        assertThat(costly.at("/anomalies/0/score").isNull()).isTrue();
        assertThat(bySku(walked, "MOVED").get("outcome").asText()).isEqualTo("CONFLICT");
        assertThat(bySku(walked, "MOVED").get("outcomeReason").asText()).contains("45.00");
        assertThat(bySku(walked, "S-01").get("channels")).isEmpty();
    }

    @Test
    @Tag("slow") // tens of seconds: ./mvnw verify -Pslow
    void eachFilterAnswersWhatRestsFilterAnswers() {
        try (Sql owner = Sql.connect(env)) {
            owner.execute(confirmation("S-01", "{\"shopify\": {\"state\": \"SYNCED\"}}"));
            owner.execute(confirmation("S-02", "{\"shopify\": {\"state\": \"FAILED\", \"reason\": \"Shopify refused"
                    + " the price\", \"errors\": [{\"code\": \"GREATER_THAN_OR_EQUAL_TO\", \"field\": \"variants.0.price\","
                    + " \"message\": \"Price must be greater than or equal to 20.00\"}]}}"));
        }

        assertThat(skus(items(change, "outcome", "APPLIED"))).isEqualTo(rest("items?outcome=APPLIED")).hasSize(7);
        assertThat(skus(items(change, "outcome", "conflict"))).isEqualTo(rest("items?outcome=conflict"))
                .containsExactly("MOVED");
        assertThat(skus(items(change, "channelState", "synced"))).isEqualTo(rest("items?channelState=synced"))
                .containsExactly("S-01");
        assertThat(skus(items(change, "channelState", "FAILED", "outcome", "APPLIED")))
                .isEqualTo(rest("items?channelState=FAILED&outcome=APPLIED")).containsExactly("S-02");
        assertThat(skus(items(change, "channelState", "PENDING"))).isEqualTo(rest("items?channelState=PENDING"));
        assertThat(skus(items(change, "anomalous", true))).isEqualTo(rest("items?anomalous=true"))
                .containsExactly("COSTLY");
        assertThat(skus(items(change, "anomalous", false))).isEqualTo(rest("items?anomalous=false")).hasSize(8);
        assertThat(skus(items(change, "status", "CHANGE"))).isEqualTo(rest("preview?status=CHANGE")).hasSize(8);
        assertThat(skus(items(change, "status", "BLOCKED"))).isEqualTo(rest("preview?status=BLOCKED")).isEmpty();

        JsonNode failed = items(change, "channelState", "FAILED").at("/edges/0/node/channels/0");
        assertThat(failed.get("channel").asText()).isEqualTo("shopify");
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("Shopify refused the price");
        assertThat(failed.at("/errors/0/code").asText()).isEqualTo("GREATER_THAN_OR_EQUAL_TO");
        assertThat(failed.at("/errors/0/field").asText()).isEqualTo("variants.0.price");
        assertThat(failed.at("/errors/0/message").asText()).contains("greater than or equal to");
        JsonNode synced = items(change, "channelState", "SYNCED").at("/edges/0/node/channels/0");
        assertThat(synced.get("state").asText()).isEqualTo("SYNCED");
        assertThat(synced.get("errors")).isEmpty();
        // a filter pages too: its cursors go on within it
        JsonNode firstApplied = items(change, "outcome", "APPLIED", "first", 4);
        assertThat(firstApplied.at("/pageInfo/hasNextPage").asBoolean()).isTrue();
        JsonNode restApplied = items(change, "outcome", "APPLIED", "first", 4, "after",
                firstApplied.at("/pageInfo/endCursor").asText());
        List<String> both = new ArrayList<>(skus(firstApplied));
        both.addAll(skus(restApplied));
        assertThat(both).isEqualTo(rest("items?outcome=APPLIED"));
        assertThat(restApplied.at("/pageInfo/hasNextPage").asBoolean()).isFalse();
    }

    @Test
    void badArgumentsAndCursorsOfAnotherChangeOrFilterAreValidationErrors() {
        assertValidationError("status", Map.of("status", "change"));
        assertValidationError("status", Map.of("status", "SOMEDAY"));
        assertValidationError("outcome", Map.of("outcome", "LOST"));
        assertValidationError("channelState", Map.of("channelState", "LOST"));
        assertValidationError("first", Map.of("first", 251));
        assertValidationError("first", Map.of("first", -1));
        assertValidationError("after", Map.of("after", "not-a-cursor"));

        String cursor = items(change, "first", 1).at("/pageInfo/endCursor").asText();
        String appliedCursor = items(change, "first", 1, "outcome", "APPLIED").at("/pageInfo/endCursor").asText();
        assertValidationError("after", Map.of("after", cursor, "outcome", "APPLIED"));
        assertValidationError("after", Map.of("after", cursor, "anomalous", true));
        assertValidationError("after", Map.of("after", appliedCursor));
        String other = steps.draft(acme.token(), "Other", TWENTY_OFF, Map.of());
        steps.preview(acme.token(), other);
        Map<String, Object> otherChange = new HashMap<>(Map.of("id", other, "after", cursor));
        JsonNode answer = graphql.query(acme.token(), ITEMS, otherChange);
        assertThat(answer.at("/errors/0/extensions/classification").asText()).as(answer.toString())
                .isEqualTo("ValidationError");
        assertThat(answer.at("/errors/0/extensions/argument").asText()).isEqualTo("after");
        // a cursor of another list (the change list) is no cursor here either
        String changesCursor = graphql.query(acme.token(), "{ priceChanges(first: 1) { pageInfo { endCursor } } }")
                .at("/data/priceChanges/pageInfo/endCursor").asText();
        assertValidationError("after", Map.of("after", changesCursor));
        // the same cursor in its own change and filter goes on
        assertThat(items(change, "first", 1, "after", cursor).at("/edges/0/node/sku").asText()).isNotEmpty();
    }

    @Test
    void anotherTenantsChangeIsNullAndWithoutAPriceOrAuditScopeTheItemsAreForbidden() {
        Api.TenantToken other = api.newTenant("Other");
        JsonNode foreign = graphql.query(other.token(), ITEMS, Map.of("id", change));
        assertThat(foreign.has("errors")).as(foreign.toString()).isFalse();
        assertThat(foreign.at("/data/priceChange").isNull()).isTrue();

        Api.TenantToken catalogOnly = api.token(acme.tenantId(), "catalog:read");
        JsonNode forbidden = graphql.query(catalogOnly.token(), ITEMS, Map.of("id", change));
        assertThat(forbidden.at("/errors/0/extensions/classification").asText()).as(forbidden.toString())
                .isEqualTo("FORBIDDEN");
        assertThat(forbidden.at("/data/priceChange").isNull()).isTrue();
        assertThat(forbidden.toString()).doesNotContain("S-01");
        // any one of REST's four scopes reads them
        Api.TenantToken auditor = api.token(acme.tenantId(), "audit:read");
        JsonNode audited = graphql.query(auditor.token(), ITEMS, Map.of("id", change, "first", 2));
        assertThat(audited.has("errors")).as(audited.toString()).isFalse();
        assertThat(audited.at("/data/priceChange/items/edges")).hasSize(2);
    }

    @Test
    void itemsCostAsAConnectionWithinEachChange() {
        JsonNode answer = graphql.query(acme.token(), "{ priceChanges(first: 10) { edges { node { name "
                + "items(first: 20) { edges { node { sku currentPrice { amount } } } } } } } }");

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        // 2 + 10 changes + 10 × (2 + 20 items + 20 × 1 price)
        assertThat(answer.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(432);
        // one change of eight items, each with a price: 2 + 1 + 1 × (2 + 8 + 8 × 1)
        assertThat(answer.at("/extensions/cost/actualQueryCost").asLong()).isEqualTo(21);
        assertThat(answer.at("/data/priceChanges/edges/0/node/items/edges")).hasSize(8);

        JsonNode tooMuch = graphql.query(acme.token(), "{ priceChanges(first: 10) { edges { node { "
                + "items(first: 100) { edges { node { sku currentPrice { amount } } } } } } } }");
        assertThat(tooMuch.at("/errors/0/extensions/classification").asText()).as(tooMuch.toString())
                .isEqualTo("MAX_COST_EXCEEDED");
    }

    private String confirmation(String sku, String json) {
        return "INSERT INTO price_change_item_confirmation (price_change_id, product_id, tenant_id, apply_confirmation)"
                + " SELECT price_change_id, product_id, tenant_id, '" + json + "' FROM price_change_item"
                + " WHERE price_change_id = '" + change + "' AND sku = '" + sku + "'"
                + " ON CONFLICT (price_change_id, product_id) DO UPDATE SET apply_confirmation = EXCLUDED.apply_confirmation";
    }

    /** The change's items connection for these variables (pairs of name and value), with no errors. */
    private JsonNode items(String id, Object... variables) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", id);
        for (int i = 0; i < variables.length; i += 2) {
            values.put((String) variables[i], variables[i + 1]);
        }
        JsonNode answer = graphql.query(acme.token(), ITEMS, values);
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        return answer.at("/data/priceChange/items");
    }

    /** Asked with as little selected as can be, so that first: 251 is not refused for its cost first. */
    private void assertValidationError(String argument, Map<String, Object> variables) {
        Map<String, Object> values = new HashMap<>(variables);
        values.put("id", change);
        JsonNode answer = graphql.query(acme.token(), CURSORS, values);
        GraphQlClient.assertValidationError(answer, argument);
        assertThat(answer.at("/data/priceChange").isNull()).as(answer.toString()).isTrue();
    }

    /** REST's SKUs for a page of the change's items or preview ({@code "items?outcome=APPLIED"}). */
    private List<String> rest(String pageAndQuery) {
        Api.Response page = api.get("/api/v1/price-changes/" + change + "/" + pageAndQuery
                + (pageAndQuery.contains("?") ? "&" : "?") + "size=500", acme.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().get("items").findValues("sku").stream().map(JsonNode::asText).toList();
    }

    /** A text field, null when null or absent (REST leaves nulls out). */
    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static List<String> skus(JsonNode connection) {
        return StreamSupport.stream(connection.get("edges").spliterator(), false)
                .map(edge -> edge.at("/node/sku").asText()).toList();
    }

    private static JsonNode bySku(List<JsonNode> items, String sku) {
        return items.stream().filter(item -> sku.equals(item.get("sku").asText())).findFirst().orElseThrow();
    }
}
