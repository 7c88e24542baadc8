package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Before approval an analyst excludes items or overrides their price, each with a reason: the preview
 * gets a new hash (so an earlier approval cannot cover it), an override is held to the guardrails, the
 * explain says who changed what and why, and apply follows the edited preview.
 */
class PreviewEditsTest extends IntegrationTest {

    private PriceChangeSteps steps;
    private Api.TenantToken author;
    private Api.TenantToken approver;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        author = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "prices:apply", "audit:read");
        approver = api.token(author.tenantId(), "prices:approve", "admin");
        Api.Response policy = api.send("PUT", "/api/v1/policy", approver.token(), Map.of("floors", Map.of("USD", "12.00")));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        steps.catalog(author.token(), List.of(product("TS-1", "20.00", null, "summer"),
                product("TS-2", "30.00", null, "summer"), product("TS-3", "40.00", null, "summer")));
    }

    @Test
    void editsAfterSubmitNeedANewSubmissionAndApprovalAndApplyFollowsThem() {
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        String before = steps.preview(author.token(), change).get("previewHash").asText();
        JsonNode previewedTs3 = bySku(steps.items(author.token(), change)).get("TS-3");
        assertThat(steps.action(author.token(), change, "submit", null).status()).isEqualTo(200);

        Api.Response edited = edit(change, exclude("TS-2", "the brand asked us to keep it"),
                override("TS-1", "18.49", "USD", "matches the outlet's price"));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        String after = edited.json().get("previewHash").asText();
        assertThat(after).matches("[0-9a-f]{64}").isNotEqualTo(before);
        assertThat(edited.json().get("state").asText()).isEqualTo("PREVIEWED");
        assertThat(edited.json().get("summary").get("change").asInt()).isEqualTo(2);
        assertThat(edited.json().get("summary").get("skipped").asInt()).isEqualTo(1);

        // the approval given for the preview before the edits covers nothing any more
        assertThat(assertProblem(steps.action(approver.token(), change, "approve", Map.of("previewHash", before)),
                409, "conflict").get("state").asText()).isEqualTo("PREVIEWED");
        assertThat(steps.action(author.token(), change, "submit", null).status()).isEqualTo(200);
        assertThat(assertProblem(steps.action(approver.token(), change, "approve", Map.of("previewHash", before)),
                409, "conflict").get("detail").asText()).contains("not the submitted preview");
        assertThat(steps.view(author.token(), change, "SUBMITTED").get("previewHash").asText()).isEqualTo(after);

        Map<String, JsonNode> items = bySku(steps.items(author.token(), change));
        JsonNode overridden = items.get("TS-1");
        assertThat(overridden.get("status").asText()).isEqualTo("CHANGE");
        assertThat(overridden.get("proposedPrice").get("amount").asText()).isEqualTo("18.49");
        JsonNode step = last(overridden.get("explain").get("steps"));
        assertThat(step.get("op").asText()).isEqualTo("override");
        assertThat(step.get("input").asText()).isEqualTo("16.99");
        assertThat(step.get("output").asText()).isEqualTo("18.49");
        assertThat(step.get("detail").asText()).contains("overridden by " + author.tokenId())
                .contains("from 16.99 to 18.49 USD").contains("matches the outlet's price");
        JsonNode excluded = items.get("TS-2");
        assertThat(excluded.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(excluded.get("reasons").toString()).contains("excluded by " + author.tokenId())
                .contains("the brand asked us to keep it");
        // the item the edits left alone renders as previewed: with its preview's frame, found by the new hash
        assertThat(items.get("TS-3").get("explain")).isEqualTo(previewedTs3.get("explain"));

        assertThat(steps.action(approver.token(), change, "approve", Map.of("previewHash", after)).status())
                .isEqualTo(200);
        assertThat(steps.action(author.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(author.token(), change);
        assertThat(steps.priceOf(author.token(), overridden.get("productId").asText())).isEqualTo("18.49");
        assertThat(steps.priceOf(author.token(), excluded.get("productId").asText())).isEqualTo("30.00");
        assertThat(steps.awaitEvent(author.token(), change, "PriceChangePreviewEdited").get("actor").asText())
                .isEqualTo(author.tokenId());
        // the product's own event carries the explain with the override, as every applied price does
        JsonNode history = api.get("/api/v1/products/" + overridden.get("productId").asText() + "/history",
                author.token()).json().get("events");
        assertThat(last(history).get("type").asText()).isEqualTo("ProductPriceChanged");
        assertThat(last(history).get("payload").get("explain").toString()).contains("\"op\":\"override\"")
                .contains("matches the outlet's price");
    }

    @Test
    void anOverrideBelowTheFloorIsBlockedWithTheGuardrail() {
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        steps.preview(author.token(), change);
        Api.Response edited = edit(change, override("TS-1", "9.00", "USD", "clearance"));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("summary").get("blocked").asInt()).isEqualTo(1);
        JsonNode item = bySku(steps.items(author.token(), change)).get("TS-1");
        assertThat(item.get("status").asText()).isEqualTo("BLOCKED");
        assertThat(item.get("reasons").toString()).contains("breaks guardrail floor 12.00").contains("clearance");
        assertThat(item.get("explain").get("guardrails").toString()).contains("floor 12.00").contains("fail");
    }

    /** The cost the preview saw stays with an edited item, so a second edit is checked against it too. */
    @Test
    void aSecondEditOfTheSameItemIsStillHeldToTheMargin() {
        Api.Response policy = api.send("PUT", "/api/v1/policy", approver.token(), Map.of("minMarginPercent", "20"));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        steps.catalog(author.token(), List.of(product("TS-M", "20.00", "10.00", "summer"),
                product("TS-X", "20.00", "10.00", "summer")));
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        steps.preview(author.token(), change);

        assertThat(edit(change, override("TS-M", "15.00", "USD", "first look")).status()).isEqualTo(200);
        JsonNode first = bySku(steps.items(author.token(), change)).get("TS-M");
        assertThat(first.get("status").asText()).isEqualTo("CHANGE");
        assertThat(first.get("explain").get("guardrails").toString()).contains("minMarginPercent 20 over cost 10");
        assertThat(edit(change, override("TS-M", "10.50", "USD", "second look")).status()).isEqualTo(200);
        JsonNode second = bySku(steps.items(author.token(), change)).get("TS-M");
        assertThat(second.get("status").asText()).isEqualTo("BLOCKED");
        assertThat(second.get("reasons").toString()).contains("breaks guardrail minMarginPercent 20 over cost 10");

        assertThat(edit(change, exclude("TS-X", "not this one")).status()).isEqualTo(200);
        assertThat(edit(change, override("TS-X", "10.50", "USD", "back in, cheaper")).status()).isEqualTo(200);
        JsonNode back = bySku(steps.items(author.token(), change)).get("TS-X");
        assertThat(back.get("status").asText()).isEqualTo("BLOCKED");
        assertThat(back.get("reasons").toString()).contains("breaks guardrail minMarginPercent 20 over cost 10")
                .doesNotContain("NOT_CHECKED").doesNotContain("no cost");
    }

    @Test
    void anOverrideBelowTheBrandFloorInForceIsBlockedNamingIt() {
        Api.Response policy = api.send("PUT", "/api/v1/policy", approver.token(),
                Map.of("floors", Map.of("USD", "12.00"), "enforceMap", true));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(floors("TS-1", Map.of("map", "15.00")).status()).isEqualTo(200);
        // an active PMAP is the floor in force over the MAP beside it
        assertThat(floors("TS-2", Map.of("map", "28.00", "pmap", Map.of("amount", "24.00",
                "from", Instant.now().minus(Duration.ofDays(1)).toString(), "until", until.toString()))).status())
                .isEqualTo(200);
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        steps.preview(author.token(), change);
        Map<String, JsonNode> previewed = bySku(steps.items(author.token(), change));
        assertThat(previewed.get("TS-1").get("status").asText()).isEqualTo("CHANGE");
        assertThat(previewed.get("TS-2").get("status").asText()).isEqualTo("CHANGE");

        Api.Response edited = edit(change, override("TS-1", "14.00", "USD", "clearance"),
                override("TS-2", "23.00", "USD", "clearance"), override("TS-3", "15.00", "USD", "no floor of its own"));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("summary").get("blocked").asInt()).isEqualTo(2);
        Map<String, JsonNode> items = bySku(steps.items(author.token(), change));
        assertThat(items.get("TS-1").get("status").asText()).isEqualTo("BLOCKED");
        assertThat(items.get("TS-1").get("reasons").get(0).asText()).isEqualTo("breaks guardrail MAP 15.00");
        assertThat(items.get("TS-1").get("explain").get("guardrails").toString()).contains("MAP 15.00");
        assertThat(items.get("TS-2").get("reasons").get(0).asText())
                .isEqualTo("breaks guardrail PMAP 24.00 until " + until);
        assertThat(items.get("TS-3").get("status").asText()).isEqualTo("CHANGE");
    }

    private Api.Response floors(String sku, Map<String, Object> body) {
        String id = ProductId.forSku(new TenantId(UUID.fromString(author.tenantId())), sku).toString();
        return api.send("PUT", "/api/v1/products/" + id + "/brand-floors/USD", author.token(), body);
    }

    @Test
    void everyRejectionSaysWhatIsWrongAndChangesNothing() {
        String draft = steps.draft(author.token(), "Draft", SUMMER_SALE, Map.of());
        assertThat(assertProblem(edit(draft, exclude("TS-1", "no")), 409, "conflict").get("state").asText())
                .isEqualTo("DRAFT");

        Map<String, Object> euroOnly = new LinkedHashMap<>(product("TS-EUR", "20.00", null, "summer"));
        euroOnly.put("prices", List.of(Map.of("currency", "EUR", "amount", "20.00")));
        steps.catalog(author.token(), List.of(euroOnly));
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        String hash = steps.preview(author.token(), change).get("previewHash").asText();
        assertInvalidField(edit(change, exclude("NOPE", "gone")), "edits[0].sku");
        // in the preview, SKIPPED with no price in USD: nothing to override from
        assertThat(assertInvalidField(edit(change, override("TS-EUR", "18.00", "USD", "price it")), "edits[0].sku")
                .toString()).contains("no current price in USD to override from");
        assertInvalidField(edit(change, override("TS-1", "abc", "USD", "typo")), "edits[0].price");
        assertInvalidField(edit(change, override("TS-1", "-1.00", "USD", "negative")), "edits[0].price");
        assertInvalidField(edit(change, override("TS-1", "1.001", "USD", "finer than a cent")), "edits[0].price");
        assertInvalidField(edit(change, override("TS-1", "18.00", "EUR", "wrong currency")), "edits[0].currency");
        assertInvalidField(edit(change, override("TS-1", null, null, "no price")), "edits[0].price");
        Map<String, Object> excludeWithAPrice = new LinkedHashMap<>(exclude("TS-1", "priced exclusion"));
        excludeWithAPrice.put("price", "18.00");
        excludeWithAPrice.put("currency", "USD");
        assertThat(assertInvalidField(edit(change, excludeWithAPrice), "edits[0].price").toString())
                .contains("an exclusion sets no price");
        // a delta percent past the engine's limit (and the stored NUMERIC(12, 2)) is refused, not a 500
        assertThat(assertInvalidField(edit(change, override("TS-1", "100000000000.00", "USD", "a typo")),
                "edits[0].price").toString()).contains("a hundred million times the current price");
        assertInvalidField(edit(change, exclude("TS-1", "   ")), "edits[0].reason");
        assertInvalidField(edit(change, exclude("TS-1", "")), "edits[0].reason");
        assertInvalidField(edit(change, exclude("TS-1", "bell\u0007")), "edits[0].reason");
        assertInvalidField(edit(change, exclude("TS-1", "C1 \u0085 next line")), "edits[0].reason");
        assertInvalidField(edit(change, exclude("TS-1", "line\u2028separator")), "edits[0].reason");
        assertInvalidField(edit(change, exclude("TS-1", "paragraph\u2029separator")), "edits[0].reason");
        assertInvalidField(edit(change, exclude("TS-1", "bidi \u202Eesrever")), "edits[0].reason");
        assertInvalidField(edit(change, exclude("TS-1", "x".repeat(501))), "edits[0].reason");
        assertInvalidField(edit(change, exclude("TS-1", "twice"), exclude("TS-1", "twice")), "edits[1].sku");
        assertInvalidField(api.post(path(change), author.token(), Map.of("edits", List.of())), "edits");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) tooMany.add(exclude("TS-" + i, "bulk"));
        assertInvalidField(api.post(path(change), author.token(), Map.of("edits", tooMany)), "edits");
        // all or nothing: the good edit beside a bad one is not kept
        assertInvalidField(edit(change, exclude("TS-1", "fine"), exclude("NOPE", "gone")), "edits[1].sku");
        assertThat(steps.view(author.token(), change, "PREVIEWED").get("previewHash").asText()).isEqualTo(hash);
        assertThat(bySku(steps.items(author.token(), change)).get("TS-1").get("status").asText()).isEqualTo("CHANGE");

        Api.TenantToken reader = api.token(author.tenantId(), "catalog:read", "prices:approve");
        assertProblem(api.post(path(change), reader.token(), Map.of("edits", List.of(exclude("TS-1", "x")))),
                403, "missing-scope");
        assertProblem(api.post(path(change), api.newTenant("Other").token(),
                Map.of("edits", List.of(exclude("TS-1", "x")))), 404, "not-found");
        assertProblem(api.post(path(UUID.randomUUID().toString()), author.token(),
                Map.of("edits", List.of(exclude("TS-1", "x")))), 404, "not-found");

        assertThat(steps.action(author.token(), change, "submit", null).status()).isEqualTo(200);
        assertThat(steps.action(approver.token(), change, "approve", Map.of("previewHash", hash)).status()).isEqualTo(200);
        assertThat(assertProblem(edit(change, exclude("TS-1", "too late")), 409, "conflict").get("state").asText())
                .isEqualTo("APPROVED");
    }

    private Api.Response edit(String change, Map<String, Object>... edits) {
        return api.post(path(change), author.token(), Map.of("edits", List.of(edits)));
    }

    private static String path(String change) {
        return "/api/v1/price-changes/" + change + "/preview/edits";
    }

    private static Map<String, Object> exclude(String sku, String reason) {
        return Map.of("sku", sku, "action", "EXCLUDE", "reason", reason);
    }

    private static Map<String, Object> override(String sku, String price, String currency, String reason) {
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("sku", sku);
        edit.put("action", "OVERRIDE");
        if (price != null) edit.put("price", price);
        if (currency != null) edit.put("currency", currency);
        edit.put("reason", reason);
        return edit;
    }

    private static Map<String, JsonNode> bySku(List<JsonNode> items) {
        Map<String, JsonNode> bySku = new LinkedHashMap<>();
        items.forEach(item -> bySku.put(item.get("sku").asText(), item));
        return bySku;
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }
}
