package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/** A price change from draft to rollback over HTTP, with conflicts on both ways. */
class PriceChangeFlowTest extends IntegrationTest {

    private PriceChangeSteps steps;
    private Api.TenantToken manager;
    private Api.TenantToken approver;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        manager = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "prices:apply", "audit:read", "admin");
        approver = api.token(manager.tenantId(), "prices:approve");
        steps.catalog(manager.token(), List.of(
                product("TS-1", "20.00", "8.00", "summer"),
                product("TS-2", "35.00", "30.00", "summer"),
                product("TS-3", "44.00", null, "summer"),
                product("WN-1", "99.00", null, "winter")));
    }

    private String id(String sku) {
        return ProductId.forSku(new TenantId(UUID.fromString(manager.tenantId())), sku).toString();
    }

    @Test
    void previewsApprovesAppliesAndRollsBackWithExplainTraces() {
        String change = steps.draft(manager.token(), "Summer sale", SUMMER_SALE, Map.of("note", "week 48"));

        JsonNode preview = steps.preview(manager.token(), change);
        assertThat(preview.get("state").asText()).isEqualTo("PREVIEWED");
        assertThat(preview.get("previewHash").asText()).hasSize(64);
        JsonNode summary = preview.get("summary");
        assertThat(summary.get("items").asInt()).isEqualTo(3);
        assertThat(summary.get("change").asInt()).isEqualTo(3);
        // TS-1 20.00 -15% = 17.00 -> charm 16.99; TS-2 margin floor 30.00 / 0.8 = 37.50 -> 37.50 is over 35.00 * 0.85
        assertThat(summary.get("minDeltaPercent").asText()).isEqualTo("-15.93");
        assertThat(preview.get("total").asInt()).isEqualTo(3);
        Map<String, JsonNode> bySku = bySku(preview.get("items"));
        assertThat(bySku.get("TS-1").get("proposedPrice").get("amount").asText()).isEqualTo("16.99");
        assertThat(bySku.get("TS-1").get("proposedCompareAt").get("amount").asText()).isEqualTo("20.00");
        assertThat(bySku.get("TS-1").get("explain").get("steps")).extracting(s -> s.get("op").asText())
                .containsExactly("percent", "round", "min_margin");
        assertThat(bySku).doesNotContainKey("WN-1");

        JsonNode page = api.get("/api/v1/price-changes/" + change + "/preview?size=2&page=1", approver.token()).json();
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("total").asInt()).isEqualTo(3);

        assertThat(steps.action(manager.token(), change, "submit", null).json().get("state").asText()).isEqualTo("SUBMITTED");
        Api.Response approved = steps.action(approver.token(), change, "approve",
                Map.of("previewHash", preview.get("previewHash").asText()));
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("state").asText()).isEqualTo("APPROVED");

        Api.Response applying = steps.action(manager.token(), change, "apply", null);
        assertThat(applying.status()).isEqualTo(202);
        assertThat(applying.json().get("state").asText()).isEqualTo("APPLYING");
        steps.awaitApplied(manager.token(), change);

        assertThat(steps.items(manager.token(), change)).extracting(i -> i.get("outcome").asText())
                .containsOnly("APPLIED");
        JsonNode applied = steps.view(manager.token(), change, "APPLIED");
        assertThat(applied.get("applied").asInt()).isEqualTo(3);
        assertThat(applied.get("conflicts").asInt()).isZero();
        assertThat(applied.get("author").asText()).isEqualTo(manager.tokenId());
        assertThat(applied.get("approver").asText()).isEqualTo(approver.tokenId());
        assertThat(applied.get("rule").get("currency").asText()).isEqualTo("USD");
        assertThat(steps.priceOf(manager.token(), id("TS-1"))).isEqualTo("16.99");
        assertThat(steps.priceOf(manager.token(), id("WN-1"))).isEqualTo("99.00");

        JsonNode event = lastEvent(id("TS-1"), "ProductPriceChanged");
        assertThat(event.get("payload").get("priceChangeId").asText()).isEqualTo(change);
        assertThat(event.get("payload").get("action").asText()).isEqualTo("APPLY");
        assertThat(event.get("payload").get("oldPrice").get("amount").asText()).isEqualTo("20.00");
        assertThat(event.get("payload").has("rule")).as("the rule lives in the change's own events").isFalse();
        assertThat(event.get("payload").get("explain").get("steps")).hasSize(3);
        assertThat(event.get("actor").asText()).isEqualTo(manager.tokenId());

        Api.Response rollingBack = steps.action(manager.token(), change, "rollback", null);
        assertThat(rollingBack.status()).isEqualTo(202);
        steps.awaitRolledBack(manager.token(), change);
        assertThat(steps.items(manager.token(), change)).extracting(i -> i.get("outcome").asText())
                .containsOnly("ROLLED_BACK");
        assertThat(steps.priceOf(manager.token(), id("TS-1"))).isEqualTo("20.00");
        assertThat(lastEvent(id("TS-1"), "ProductPriceChanged").get("payload").get("action").asText()).isEqualTo("ROLLBACK");
        assertThat(steps.view(manager.token(), change, "ROLLED_BACK").get("rolledBack").asInt()).isEqualTo(3);

        Api.Response again = steps.action(manager.token(), change, "rollback", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("state").asText()).isEqualTo("ROLLED_BACK");

        JsonNode audit = api.get("/api/v1/audit?entityType=price-change&entityId=" + change, manager.token()).json();
        assertThat(audit.get("items")).extracting(i -> i.get("action").asText()).containsExactly(
                "PriceChangeRolledBack", "PriceChangeRollbackStarted", "PriceChangeApplied", "PriceChangeApplyStarted",
                "PriceChangeApproved", "PriceChangeSubmitted", "PriceChangePreviewed", "PriceChangeDrafted");
        assertThat(audit.get("items").get(4).get("actor").asText()).isEqualTo(approver.tokenId());
    }

    @Test
    void skipsItemsWhosePriceMovedAsConflictsBothWays() {
        String change = steps.approved(manager.token(), approver.token(), "Summer sale", SUMMER_SALE, Map.of());
        // after the preview: TS-3 changes at the channel
        api.post("/api/v1/products", manager.token(), product("TS-3", "45.00", null, "summer"));

        steps.action(manager.token(), change, "apply", null);
        steps.awaitApplied(manager.token(), change);
        Map<String, JsonNode> items = bySku(steps.items(manager.token(), change));
        assertThat(items.get("TS-3").get("outcome").asText()).isEqualTo("CONFLICT");
        assertThat(items.get("TS-3").get("outcomeReason").asText())
                .isEqualTo("the price is now 45.00 USD, not the previewed 44.00");
        assertThat(items.get("TS-1").get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(steps.priceOf(manager.token(), id("TS-3"))).isEqualTo("45.00");
        assertThat(lastEvent(id("TS-3"), "ProductPriceChangeConflicted")).isNotNull();

        // after the apply: TS-1 changes at the channel, so the rollback leaves it alone
        api.post("/api/v1/products", manager.token(), product("TS-1", "18.00", "8.00", "summer"));
        steps.action(manager.token(), change, "rollback", null);
        steps.awaitRolledBack(manager.token(), change);
        items = bySku(steps.items(manager.token(), change));
        assertThat(items.get("TS-1").get("outcome").asText()).isEqualTo("ROLLBACK_CONFLICT");
        assertThat(items.get("TS-1").get("outcomeReason").asText()).contains("18.00").contains("16.99");
        assertThat(items.get("TS-2").get("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(items.get("TS-3").get("outcome").asText()).isEqualTo("CONFLICT");
        assertThat(steps.priceOf(manager.token(), id("TS-1"))).isEqualTo("18.00");
        assertThat(steps.priceOf(manager.token(), id("TS-2"))).isEqualTo("35.00");

        JsonNode conflicts = api.get("/api/v1/price-changes/" + change + "/items?outcome=rollback_conflict",
                manager.token()).json();
        assertThat(conflicts.get("total").asInt()).isEqualTo(1);
        JsonNode view = steps.view(manager.token(), change, "ROLLED_BACK");
        assertThat(view.get("applied").asInt()).isEqualTo(2);
        assertThat(view.get("conflicts").asInt()).isEqualTo(1);
        assertThat(view.get("rolledBack").asInt()).isEqualTo(1);
        assertThat(view.get("rollbackConflicts").asInt()).isEqualTo(1);
    }

    @Test
    void blockedItemsAreShownAndNeverApplied() {
        assertThat(api.send("PUT", "/api/v1/policy", manager.token(), Map.of("maxDecreasePercent", "10")).status())
                .isEqualTo(200);
        String change = steps.draft(manager.token(), "Too deep", SUMMER_SALE, Map.of());
        JsonNode preview = steps.preview(manager.token(), change);
        Map<String, JsonNode> items = bySku(preview.get("items"));
        assertThat(items.get("TS-1").get("status").asText()).isEqualTo("BLOCKED");
        assertThat(items.get("TS-1").get("reasons").get(0).asText()).contains("maxDecreasePercent");
        assertThat(preview.get("summary").get("blocked").asInt()).isEqualTo(2);
        JsonNode blocked = api.get("/api/v1/price-changes/" + change + "/preview?status=BLOCKED", manager.token()).json();
        assertThat(blocked.get("total").asInt()).isEqualTo(2);

        steps.action(manager.token(), change, "submit", null);
        steps.action(approver.token(), change, "approve", Map.of("previewHash", preview.get("previewHash").asText()));
        steps.action(manager.token(), change, "apply", null);
        steps.awaitApplied(manager.token(), change);
        Map<String, JsonNode> outcomes = bySku(steps.items(manager.token(), change));
        assertThat(outcomes.get("TS-1").get("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(outcomes.get("TS-2").get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(steps.priceOf(manager.token(), id("TS-1"))).isEqualTo("20.00");
    }

    private JsonNode lastEvent(String productId, String type) {
        JsonNode found = null;
        for (JsonNode event : api.get("/api/v1/products/" + productId + "/history", manager.token()).json().get("events")) {
            if (event.get("type").asText().equals(type)) found = event;
        }
        return found;
    }

    private static Map<String, JsonNode> bySku(Iterable<JsonNode> items) {
        return java.util.stream.StreamSupport.stream(items.spliterator(), false)
                .collect(Collectors.toMap(i -> i.get("sku").asText(), i -> i));
    }
}
