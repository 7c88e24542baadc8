package dev.calibrate.app.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.APPLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/v1/products/{id}/provenance: why a price is what it is, after {@link Undercut}; then Shopify
 * answered, a drift, a rollback.
 */
class PriceProvenanceTest extends IntegrationTest {

    private static final List<ChannelError> TOO_LOW = List.of(new ChannelError("GREATER_THAN_OR_EQUAL_TO",
            "variants.0.price", "Price must be greater than or equal to 27.00"));

    @Autowired
    CommandGateway commands;
    @Autowired
    EventPositions positions;

    private ProvenanceSteps steps;
    private PriceChangeSteps priceChanges;
    private Api.TenantToken manager;
    private Api.TenantToken approver;
    private ProductId product;
    private Instant observedAt;
    private Instant beforeApply;
    private String change;

    @BeforeEach
    void undercutAShopifyProductListedOnAmazonToo() {
        steps = new ProvenanceSteps(api, commands);
        priceChanges = new PriceChangeSteps(api);
        Undercut undercut = Undercut.applied(api, steps, priceChanges, positions);
        manager = undercut.manager();
        approver = undercut.approver();
        product = undercut.product();
        observedAt = undercut.observedAt();
        beforeApply = undercut.beforeApply();
        change = undercut.change();
    }

    @Test
    void aPriceAnAppliedChangeSetNamesTheChangeItsRuleApprovalRunExplainAndInputs() {
        JsonNode provenance = steps.provenanceOk(manager.token(), product, "?currency=USD");

        assertThat(provenance.get("productId").asText()).isEqualTo(product.toString());
        assertThat(provenance.has("at")).as("the live price").isFalse();
        assertThat(provenance.get("amount").asText()).isEqualTo("25.99");
        assertThat(provenance.get("origin").asText()).isEqualTo("PRICE_CHANGE_APPLY");
        JsonNode setBy = provenance.get("setBy");
        assertThat(setBy.get("type").asText()).isEqualTo("ProductPriceChanged");
        assertThat(setBy.get("eventId").asText()).isNotBlank();
        assertThat(setBy.get("position").asLong()).isPositive();
        assertThat(Instant.parse(setBy.get("time").asText())).isAfterOrEqualTo(beforeApply.truncatedTo(ChronoUnit.MILLIS));
        assertThat(setBy.get("actor").asText()).isNotBlank();
        assertThat(provenance.has("source")).isFalse();
        assertThat(provenance.has("ingest")).isFalse();

        JsonNode priceChange = provenance.get("priceChange");
        assertThat(priceChange.get("id").asText()).isEqualTo(change);
        assertThat(priceChange.get("action").asText()).isEqualTo("APPLY");
        assertThat(priceChange.get("name").asText()).isEqualTo("Undercut Bolt");
        assertThat(priceChange.get("rule")).isEqualTo(mapper.valueToTree(Undercut.RULE));
        assertThat(priceChange.get("previewHash").asText()).hasSize(64);
        assertThat(priceChange.get("author").asText()).isEqualTo(manager.tokenId());
        assertThat(priceChange.get("approver").asText()).isEqualTo(approver.tokenId()).isNotEqualTo(manager.tokenId());
        assertThat(priceChange.get("selfApproved").asBoolean()).isFalse();
        assertThat(priceChange.get("approvedAt").asText()).isNotBlank();
        assertThat(priceChange.at("/run/kind").asText()).isEqualTo("APPLY");
        assertThat(priceChange.at("/run/startedAt").asText()).isNotBlank();
        assertThat(priceChange.at("/run/finishedAt").asText()).isNotBlank();
        assertThat(priceChange.at("/run/written").asInt()).isEqualTo(1);

        JsonNode explain = priceChange.get("explain");
        assertThat(explain.at("/steps/0/op").asText()).isEqualTo("match_competitor");
        assertThat(explain.at("/steps/0/detail").asText())
                .contains("Bolt Outlet (bolt-outlet.example) 26.00 USD observed " + observedAt);
        assertThat(explain.at("/steps/2/detail").asText()).contains("cost 10.00");
        assertThat(explain.get("guardrails")).extracting(g -> g.get("rule").asText() + " " + g.get("result").asText())
                .containsExactly("maxDecreasePercent 30 pass", "minMarginPercent 20 over cost 10.00 pass");
        JsonNode inputs = priceChange.get("inputs");
        assertThat(inputs.get("cost").asText()).isEqualTo("10.00");
        JsonNode bolt = inputs.get("competitors").get(0);
        assertThat(bolt.get("source").asText()).isEqualTo("Bolt Outlet (bolt-outlet.example)");
        assertThat(bolt.get("price").asText()).isEqualTo("26.00");
        assertThat(bolt.get("currency").asText()).isEqualTo("USD");
        assertThat(Instant.parse(bolt.get("observedAt").asText())).isEqualTo(observedAt);
        assertThat(Duration.parse(bolt.get("ageAtPrice").asText())).isBetween(Duration.ofHours(2),
                Duration.ofHours(3));

        JsonNode previous = provenance.get("previous");
        assertThat(previous.get("amount").asText()).isEqualTo("30.00");
        assertThat(previous.get("origin").asText()).isEqualTo("OBSERVED");
        assertThat(previous.get("source").asText()).isEqualTo("shopify");
        assertThat(previous.at("/setBy/type").asText()).isEqualTo("ProductPriceObserved");
        assertThat(provenance.get("historyComplete").asBoolean()).isTrue();
    }

    @Test
    void shopifyIsPendingUntilItAnswersThenFailedWithItsReasonThenSyncedAndAmazonIsNeverSynced() {
        JsonNode pending = steps.provenanceOk(manager.token(), product, "?currency=USD").get("channels");
        assertThat(pending).hasSize(2);
        assertThat(pending.get(0).get("channel").asText()).isEqualTo("amazon");
        assertThat(pending.get(0).get("state").asText()).isEqualTo("NOT_SYNCED");
        assertThat(pending.get(0).get("reason").asText()).isEqualTo("not synced: Amazon is read-only");
        assertThat(pending.get(0).at("/refs/asin").asText()).isEqualTo("B0MC-1");
        assertThat(pending.get(1).get("channel").asText()).isEqualTo("shopify");
        assertThat(pending.get(1).get("state").asText()).isEqualTo("PENDING");
        assertThat(pending.get(1).at("/refs/variantId").asText()).isEqualTo("gid://shopify/ProductVariant/MC-1");

        steps.shopifyRecord(manager, "MC-1", change, APPLY, "25.99", ChannelSyncResult.FAILED,
                "Shopify refused the price", TOO_LOW);
        JsonNode failed = steps.provenanceOk(manager.token(), product, "?currency=USD").get("channels").get(1);
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("Shopify refused the price");
        assertThat(failed.at("/errors/0/code").asText()).isEqualTo("GREATER_THAN_OR_EQUAL_TO");
        assertThat(failed.get("eventId").asText()).isNotBlank();

        steps.shopifyRecord(manager, "MC-1", change, APPLY, "25.99", ChannelSyncResult.SYNCED, null, null);
        JsonNode synced = steps.provenanceOk(manager.token(), product, "?currency=USD").get("channels").get(1);
        assertThat(synced.get("state").asText()).isEqualTo("SYNCED");
        assertThat(synced.get("at").asText()).isNotBlank();
        assertThat(synced.get("position").asLong()).isGreaterThan(failed.get("position").asLong());
        assertThat(synced.has("reason")).isFalse();
        assertThat(synced.at("/refs/variantId").asText()).isEqualTo("gid://shopify/ProductVariant/MC-1");
    }

    @Test
    void aPriceChangedAtShopifyAfterTheSyncIsAnOpenDriftBesideCalibratesPrice() {
        steps.shopifyRecord(manager, "MC-1", change, APPLY, "25.99", ChannelSyncResult.SYNCED, null, null);
        steps.shopifyIngest(manager, "MC-1", "24.00", "10.00");

        JsonNode provenance = steps.provenanceOk(manager.token(), product, "?currency=USD");

        assertThat(provenance.get("amount").asText()).as("the product keeps Calibrate's price").isEqualTo("25.99");
        JsonNode drift = provenance.get("openDrifts").get(0);
        assertThat(drift.get("channel").asText()).isEqualTo("shopify");
        assertThat(drift.get("expected").asText()).isEqualTo("25.99");
        assertThat(drift.get("actual").asText()).isEqualTo("24.00");
        assertThat(drift.get("repairRequested").asBoolean()).isFalse();
        assertThat(drift.get("position").asLong()).isPositive();
    }

    @Test
    void aPriceObservedAtAChannelNamesTheSourceAndTheIngestRun() {
        steps.shopifyIngest(manager, "OB-1", "12.00", null);

        JsonNode provenance = steps.provenanceOk(manager.token(), ProvenanceSteps.id(manager, "OB-1"), "?currency=USD");

        assertThat(provenance.get("amount").asText()).isEqualTo("12.00");
        assertThat(provenance.get("origin").asText()).isEqualTo("OBSERVED");
        assertThat(provenance.get("source").asText()).isEqualTo("shopify");
        assertThat(provenance.at("/ingest/source").asText()).isEqualTo("shopify");
        assertThat(provenance.at("/ingest/actor").asText()).isEqualTo("shopify-sync");
        assertThat(provenance.at("/ingest/correlationId").asText()).isEqualTo(ProvenanceSteps.INGEST_RUN);
        assertThat(provenance.at("/setBy/type").asText()).isEqualTo("ProductPriceObserved");
        assertThat(provenance.at("/setBy/correlationId").asText()).isEqualTo(ProvenanceSteps.INGEST_RUN);
        assertThat(provenance.has("priceChange")).isFalse();
        assertThat(provenance.get("channels")).isEmpty();
        assertThat(provenance.has("previous")).as("the first price").isFalse();
    }

    @Test
    void aPriceWrittenThroughTheApiNamesTheRequest() {
        Api.Response written = api.post("/api/v1/products", manager.token(),
                PriceChangeSteps.product("API-1", "50.00", null, "other"));
        assertThat(written.status()).as(written.body()).isEqualTo(201);

        JsonNode provenance = steps.provenanceOk(manager.token(), ProvenanceSteps.id(manager, "API-1"), "?currency=USD");

        assertThat(provenance.get("source").asText()).isEqualTo("api");
        assertThat(provenance.at("/ingest/actor").asText()).isEqualTo(manager.tokenId());
        assertThat(provenance.at("/ingest/requestId").asText()).isNotBlank();
        assertThat(provenance.at("/ingest/correlationId").asText())
                .isEqualTo(provenance.at("/ingest/requestId").asText());
    }

    @Test
    void atAnInstantBeforeTheApplyThePriceIsTheObservedOneAndItsProvenance() {
        JsonNode then = steps.provenanceOk(manager.token(), product, "?currency=USD&at=" + beforeApply);

        assertThat(then.get("at").asText()).isEqualTo(beforeApply.toString());
        assertThat(then.get("amount").asText()).isEqualTo("30.00");
        assertThat(then.get("origin").asText()).isEqualTo("OBSERVED");
        assertThat(then.get("source").asText()).isEqualTo("shopify");
        assertThat(then.has("priceChange")).isFalse();

        JsonNode now = steps.provenanceOk(manager.token(), product, "?currency=USD&at=" + Instant.now());
        assertThat(now.get("amount").asText()).isEqualTo("25.99");
        assertThat(now.at("/priceChange/id").asText()).isEqualTo(change);
    }

    @Test
    void afterARollbackThePricePointsToTheRollback() {
        steps.shopifyRecord(manager, "MC-1", change, APPLY, "25.99", ChannelSyncResult.SYNCED, null, null);
        assertThat(priceChanges.action(manager.token(), change, "rollback", null).status()).isEqualTo(202);
        priceChanges.awaitRolledBack(manager.token(), change);
        priceChanges.view(manager.token(), change, "ROLLED_BACK");

        JsonNode provenance = steps.provenanceOk(manager.token(), product, "?currency=USD");

        assertThat(provenance.get("amount").asText()).isEqualTo("30.00");
        assertThat(provenance.get("origin").asText()).isEqualTo("PRICE_CHANGE_ROLLBACK");
        assertThat(provenance.at("/priceChange/id").asText()).isEqualTo(change);
        assertThat(provenance.at("/priceChange/action").asText()).isEqualTo("ROLLBACK");
        assertThat(provenance.at("/priceChange/run/kind").asText()).isEqualTo("ROLLBACK");
        assertThat(provenance.at("/priceChange/run/finishedAt").asText()).isNotBlank();
        assertThat(provenance.get("priceChange").has("inputs")).as("the inputs were the apply's").isFalse();
        assertThat(provenance.at("/channels/1/state").asText()).as("the rollback's price is not synced yet")
                .isEqualTo("PENDING");
        assertThat(provenance.at("/previous/amount").asText()).isEqualTo("25.99");
        assertThat(provenance.at("/previous/origin").asText()).isEqualTo("PRICE_CHANGE_APPLY");
        assertThat(provenance.at("/previous/priceChangeId").asText()).isEqualTo(change);
    }

    @Test
    void malformedInputIsABadRequest() {
        assertInvalidField(steps.provenance(manager.token(), product, ""), "currency");
        assertInvalidField(steps.provenance(manager.token(), product, "?currency=usd"), "currency");
        assertInvalidField(steps.provenance(manager.token(), product, "?currency=ABC"), "currency");
        assertInvalidField(steps.provenance(manager.token(), product, "?currency=USD&at=yesterday"), "at");
        assertInvalidField(steps.provenance(manager.token(), product, "?currency=USD&at=2026-11-26"), "at");
        assertInvalidField(api.get("/api/v1/products/MC-1/provenance?currency=USD", manager.token()), "id");
    }

    @Test
    void noPriceInTheCurrencyOrNoProductYetIsNotFoundWithADetailThatSaysWhich() {
        JsonNode gbp = assertProblem(steps.provenance(manager.token(), product, "?currency=GBP"), 404, "not-found");
        assertThat(gbp.get("detail").asText()).contains("no GBP price");

        JsonNode early = assertProblem(steps.provenance(manager.token(), product,
                "?currency=USD&at=2020-01-01T00:00:00Z"), 404, "not-found");
        assertThat(early.get("detail").asText()).contains("did not exist yet at 2020-01-01T00:00:00Z");
    }

    @Test
    void anUnknownProductOrAnotherTenantsIsNotFoundAlike() {
        Api.TenantToken globex = api.newTenant("Provenance other " + UUID.randomUUID());

        JsonNode unknown = assertProblem(steps.provenance(manager.token(), new ProductId(UUID.randomUUID()),
                "?currency=USD"), 404, "not-found");
        JsonNode others = assertProblem(steps.provenance(globex.token(), product, "?currency=USD"), 404, "not-found");
        JsonNode othersEarly = assertProblem(steps.provenance(globex.token(), product,
                "?currency=USD&at=2020-01-01T00:00:00Z"), 404, "not-found");

        assertThat(others.get("detail").asText()).isEqualTo(unknown.get("detail").asText())
                .isEqualTo(othersEarly.get("detail").asText()).doesNotContain("25.99").doesNotContain("exist yet");
    }

    @Test
    void theApproversSubjectIsForAuditorsAndThePriceTeamNotEveryCatalogReader() {
        for (String scope : List.of("audit:read", "prices:approve")) {
            JsonNode seen = steps.provenanceOk(api.token(manager.tenantId(), "catalog:read", scope).token(), product,
                    "?currency=USD");
            assertThat(seen.at("/priceChange/approverSubject").asText()).as(scope).isEqualTo("approver@acme.example");
        }
        JsonNode auditor = steps.provenanceOk(api.token(manager.tenantId(), "audit:read").token(), product,
                "?currency=USD");
        assertThat(auditor.at("/priceChange/approverSubject").asText()).isEqualTo("approver@acme.example");

        Api.Response catalog = steps.provenance(api.token(manager.tenantId(), "catalog:read").token(), product,
                "?currency=USD");
        assertThat(catalog.status()).as(catalog.body()).isEqualTo(200);
        JsonNode priceChange = catalog.json().get("priceChange");
        assertThat(priceChange.has("approverSubject")).as("an e-mail, hidden from a catalog reader").isFalse();
        assertThat(catalog.body()).doesNotContain("approver@acme.example");
        assertThat(priceChange.get("approver").asText()).as("the token id stays").isEqualTo(approver.tokenId());
    }

    @Test
    void catalogReadersAndAuditorsMayAskOthersMayNot() {
        for (String scope : List.of("catalog:read", "audit:read")) {
            Api.Response answer = steps.provenance(api.token(manager.tenantId(), scope).token(), product,
                    "?currency=USD");
            assertThat(answer.status()).as(scope).isEqualTo(200);
        }
        assertProblem(steps.provenance(api.token(manager.tenantId(), "prices:write").token(), product,
                "?currency=USD"), 403, "missing-scope");
    }
}
