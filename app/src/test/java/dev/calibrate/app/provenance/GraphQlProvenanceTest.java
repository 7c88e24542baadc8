package dev.calibrate.app.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.message.EventPositions;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A price's provenance in GraphQL ({@code Query.priceProvenance}, {@code Product.provenance}) answers what
 * REST's GET /api/v1/products/{id}/provenance answers, with the same scopes, and costs what it reads.
 */
class GraphQlProvenanceTest extends IntegrationTest {

    private static final String FIELDS = """
            productId currency at amount compareAt origin historyComplete source
            setBy { type eventId position sequence time actor correlationId requestId }
            ingest { source }
            priceChange { id action name state rule previewHash author approver approverSubject selfApproved approvedAt
                          run { kind startedAt finishedAt written conflicts } explain
                          inputs { cost costElsewhere map competitors { source price currency observedAt ageAtPrice } } }
            channels { channel state refs { name value } at eventId position reason errors { code field message } }
            openDrifts { channel expected actual }
            previous { amount compareAt origin source priceChangeId setBy { type position } }""";
    private static final String BY_ID = "query P($id: ID!, $currency: String!, $at: String) {"
            + " priceProvenance(productId: $id, currency: $currency, at: $at) { " + FIELDS + " } }";

    @Autowired
    CommandGateway commands;
    @Autowired
    EventPositions positions;

    private ProvenanceSteps steps;
    private Undercut undercut;

    @BeforeEach
    void undercut() {
        steps = new ProvenanceSteps(api, commands);
        undercut = Undercut.applied(api, steps, new PriceChangeSteps(api), positions);
    }

    @Test
    void theProvenanceIsRestsAnswerFieldForField() {
        JsonNode rest = steps.provenanceOk(undercut.manager().token(), undercut.product(), "?currency=USD");

        JsonNode answer = graphql(undercut.manager().token(), BY_ID, "USD", null);

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        JsonNode provenance = answer.at("/data/priceProvenance");
        assertThat(provenance.get("amount").asText()).isEqualTo("25.99").isEqualTo(rest.get("amount").asText());
        assertThat(provenance.get("origin").asText()).isEqualTo("PRICE_CHANGE_APPLY");
        assertThat(provenance.get("at").isNull()).isTrue();
        assertThat(provenance.get("historyComplete").asBoolean()).isTrue();
        // positions are strings (they outgrow a GraphQL Int), the same number REST answers
        assertThat(provenance.at("/setBy/position").isTextual()).isTrue();
        assertThat(provenance.at("/setBy/position").asLong()).isEqualTo(rest.at("/setBy/position").asLong());
        assertThat(provenance.at("/setBy/eventId").asText()).isEqualTo(rest.at("/setBy/eventId").asText());
        JsonNode priceChange = provenance.get("priceChange");
        assertThat(priceChange.get("id").asText()).isEqualTo(undercut.change());
        // the rule and the explain trace are JSON values, not strings of JSON
        assertThat(priceChange.get("rule")).isEqualTo(mapper.valueToTree(Undercut.RULE)).isEqualTo(rest.at("/priceChange/rule"));
        assertThat(priceChange.get("explain")).isEqualTo(rest.at("/priceChange/explain"));
        assertThat(priceChange.at("/explain/steps/0/op").asText()).isEqualTo("match_competitor");
        assertThat(priceChange.get("approver").asText()).isEqualTo(undercut.approver().tokenId());
        assertThat(priceChange.get("approverSubject").asText()).isEqualTo("approver@acme.example");
        assertThat(priceChange.at("/run/written").asInt()).isEqualTo(1);
        assertThat(priceChange.at("/inputs/cost").asText()).isEqualTo("10.00");
        assertThat(priceChange.at("/inputs/competitors/0/source").asText()).isEqualTo("Bolt Outlet (bolt-outlet.example)");
        assertThat(priceChange.at("/inputs/competitors/0/observedAt").asText()).isEqualTo(undercut.observedAt().toString());
        // the channels as REST lists them, each channel's refs as name/value pairs in name order
        assertThat(provenance.get("channels")).hasSameSizeAs(rest.get("channels")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode channel = provenance.get("channels").get(i);
            assertThat(channel.get("channel").asText()).isEqualTo(rest.at("/channels/" + i + "/channel").asText());
            assertThat(channel.get("state").asText()).isEqualTo(rest.at("/channels/" + i + "/state").asText());
            Map<String, String> refs = new HashMap<>();
            channel.get("refs").forEach(ref -> refs.put(ref.get("name").asText(), ref.get("value").asText()));
            assertThat((JsonNode) mapper.valueToTree(refs)).isEqualTo(rest.at("/channels/" + i + "/refs"));
        }
        assertThat(provenance.at("/channels/1/refs/0/name").asText()).isEqualTo("productId");
        assertThat(provenance.at("/channels/1/refs/1/name").asText()).isEqualTo("variantId");
        assertThat(provenance.at("/previous/amount").asText()).isEqualTo("30.00");
        assertThat(provenance.at("/previous/origin").asText()).isEqualTo("OBSERVED");
        assertThat(provenance.at("/previous/setBy/type").asText()).isEqualTo("ProductPriceObserved");

        // at an instant before the apply: the observed price, as REST answers it then
        JsonNode then = graphql(undercut.manager().token(), BY_ID, "USD", undercut.beforeApply().toString())
                .at("/data/priceProvenance");
        assertThat(then.get("amount").asText()).isEqualTo("30.00");
        assertThat(then.get("origin").asText()).isEqualTo("OBSERVED");
        assertThat(then.get("source").asText()).isEqualTo("shopify");
        assertThat(then.at("/ingest/source").asText()).isEqualTo("shopify");
        assertThat(then.get("at").asText()).isEqualTo(undercut.beforeApply().toString());
    }

    @Test
    void aProductsProvenanceIsAFieldOfTheProduct() {
        JsonNode answer = graphql(undercut.manager().token(), """
                query P($id: ID!) { product(id: $id) { sku usd: provenance(currency: "USD") { amount origin }
                                                      eur: provenance(currency: "EUR") { amount } } }""",
                Map.of("id", undercut.product().toString()));

        assertThat(answer.at("/data/product/sku").asText()).isEqualTo("MC-1");
        assertThat(answer.at("/data/product/usd/amount").asText()).isEqualTo("25.99");
        assertThat(answer.at("/data/product/usd/origin").asText()).isEqualTo("PRICE_CHANGE_APPLY");
        // no EUR price: that field is null with a NOT_FOUND error at its path, the rest answers
        assertThat(answer.at("/data/product/eur").isNull()).isTrue();
        assertThat(answer.get("errors")).hasSize(1);
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");
        assertThat(answer.at("/errors/0/message").asText()).contains("no EUR price");
        assertThat(answer.at("/errors/0/path/1").asText()).isEqualTo("eur");
    }

    @Test
    void anAuditorMayAskACatalogReaderSeesNoApproverSubjectAndOtherScopesMayNot() {
        Api.TenantToken auditor = api.token(undercut.manager().tenantId(), "audit:read");
        JsonNode audited = graphql(auditor.token(), BY_ID, "USD", null);
        assertThat(audited.has("errors")).as(audited.toString()).isFalse();
        assertThat(audited.at("/data/priceProvenance/priceChange/approverSubject").asText()).isEqualTo("approver@acme.example");

        Api.TenantToken reader = api.token(undercut.manager().tenantId(), "catalog:read");
        JsonNode read = graphql(reader.token(), BY_ID, "USD", null);
        assertThat(read.at("/data/priceProvenance/amount").asText()).isEqualTo("25.99");
        assertThat(read.at("/data/priceProvenance/priceChange/approverSubject").isNull()).isTrue();
        assertThat(read.toString()).doesNotContain("approver@acme.example");

        Api.TenantToken writer = api.token(undercut.manager().tenantId(), "prices:write");
        JsonNode refused = graphql(writer.token(), BY_ID, "USD", null);
        assertThat(refused.at("/data/priceProvenance").isNull()).isTrue();
        assertThat(refused.at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        assertThat(refused.at("/errors/0/message").asText()).contains("catalog:read").contains("audit:read");
    }

    @Test
    void anotherTenantsProductAnUnknownOneAndNoPriceAreNullWithNotFound() {
        Api.TenantToken globex = api.newTenant("Provenance other " + UUID.randomUUID());
        JsonNode others = graphql(globex.token(), BY_ID, "USD", null);
        JsonNode unknown = graphql(undercut.manager().token(), BY_ID, "USD", null, UUID.randomUUID().toString());
        JsonNode gbp = graphql(undercut.manager().token(), BY_ID, "GBP", null);
        JsonNode early = graphql(undercut.manager().token(), BY_ID, "USD", "2020-01-01T00:00:00Z");

        for (JsonNode answer : List.of(others, unknown, gbp, early)) {
            assertThat(answer.at("/data/priceProvenance").isNull()).as(answer.toString()).isTrue();
            assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");
        }
        // another tenant's product reads like an unknown one
        assertThat(others.at("/errors/0/message").asText()).isEqualTo(unknown.at("/errors/0/message").asText())
                .doesNotContain("25.99");
        assertThat(gbp.at("/errors/0/message").asText()).contains("no GBP price");
        assertThat(early.at("/errors/0/message").asText()).contains("did not exist yet");
    }

    @Test
    void badArgumentsAreValidationErrorsNamingTheArgument() {
        String token = undercut.manager().token();
        assertValidation(graphql(token, BY_ID, "usd", null), "currency");
        assertValidation(graphql(token, BY_ID, "ABC", null), "currency");
        assertValidation(graphql(token, BY_ID, "USD", "yesterday"), "at");
        assertValidation(graphql(token, BY_ID, "USD", "2026-11-26"), "at");
        assertValidation(graphql(token, BY_ID, "USD", null, "MC-1"), "productId");
    }

    @Test
    void aProvenanceCostsFiftyAndAPageOfThemIsRefusedBeforeAnyRuns() {
        JsonNode one = graphql(undercut.manager().token(), BY_ID, "USD", null);
        // 50 for the provenance, 1 for each object it selects (setBy, ingest, priceChange, run, inputs, the
        // competitor inputs, channels, their refs and errors, drifts, previous and its setBy)
        assertThat(one.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(50 + 12);
        JsonNode small = graphql(undercut.manager().token(), "query P($id: ID!, $currency: String!) {"
                + " priceProvenance(productId: $id, currency: $currency) { amount } }", "USD", null);
        assertThat(small.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(50);
        assertThat(small.at("/extensions/cost/actualQueryCost").asLong()).isEqualTo(50);

        // 2 + 20 + 20 × 50 = 1,022: over the 1,000 a document may cost
        JsonNode page = graphql(undercut.manager().token(), "{ products(first: 20) { edges { node { "
                + "provenance(currency: \"USD\") { amount } } } } }", Map.of());
        assertThat(page.at("/errors/0/extensions/classification").asText()).isEqualTo("MAX_COST_EXCEEDED");
        assertThat(page.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(1_022);
    }

    private static void assertValidation(JsonNode answer, String argument) {
        assertThat(answer.at("/data/priceProvenance").isNull()).as(answer.toString()).isTrue();
        assertThat(answer.at("/errors/0/extensions/classification").asText()).isEqualTo("ValidationError");
        assertThat(answer.at("/errors/0/extensions/argument").asText()).isEqualTo(argument);
    }

    private JsonNode graphql(String token, String document, String currency, String at) {
        return graphql(token, document, currency, at, undercut.product().toString());
    }

    private JsonNode graphql(String token, String document, String currency, String at, String id) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("id", id);
        variables.put("currency", currency);
        variables.put("at", at);
        return graphql(token, document, variables);
    }

    private JsonNode graphql(String token, String document, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        Api.Response response = api.post("/graphql", token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
