package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every way the price change API says no, and what it says. */
class PriceChangeRejectionsTest extends IntegrationTest {

    private PriceChangeSteps steps;
    private Api.TenantToken author;
    private Api.TenantToken approver;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        author = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "prices:approve", "prices:apply", "audit:read");
        approver = api.token(author.tenantId(), "prices:approve", "admin");
        steps.catalog(author.token(), List.of(product("TS-1", "20.00", null, "summer"),
                product("TS-2", "30.00", null, "summer")));
    }

    @Test
    void invalidDefinitionsAreBadRequestsNamingTheField() {
        Map<String, Object> badStep = new HashMap<>(SUMMER_SALE);
        badStep.put("transform", List.of(Map.of("op", "percent", "value", "a lot")));
        assertInvalidField(api.post("/api/v1/price-changes", author.token(), Map.of("name", "x", "rule", badStep)),
                "rule.transform[0].value");

        Map<String, Object> badCurrency = new HashMap<>(SUMMER_SALE);
        badCurrency.put("currency", "XYZ");
        assertInvalidField(api.post("/api/v1/price-changes", author.token(), Map.of("name", "x", "rule", badCurrency)),
                "rule.currency");

        assertInvalidField(api.post("/api/v1/price-changes", author.token(), Map.of("rule", SUMMER_SALE)), "name");
        assertInvalidField(api.post("/api/v1/price-changes", author.token(),
                Map.of("name", "x", "rule", SUMMER_SALE, "scheduleAt", "tomorrow")), "scheduleAt");
        assertInvalidField(api.post("/api/v1/price-changes", author.token(),
                Map.of("name", "x", "rule", SUMMER_SALE, "expiresAt", "2020-01-01T00:00:00Z")), "expiresAt");
        // a year no timestamp column holds: refused here, never dead-lettered by the read model
        assertInvalidField(api.post("/api/v1/price-changes", author.token(),
                Map.of("name", "x", "rule", SUMMER_SALE, "scheduleAt", "+1000000-01-01T00:00:00Z")), "scheduleAt");
        assertInvalidField(api.post("/api/v1/price-changes", author.token(),
                Map.of("name", "x", "rule", SUMMER_SALE, "expiresAt", "+10000-01-01T00:00:00Z")), "expiresAt");
        String soon = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        assertInvalidField(api.post("/api/v1/price-changes", author.token(),
                Map.of("name", "x", "rule", SUMMER_SALE, "scheduleAt", soon, "expiresAt", soon)), "expiresAt");
        assertInvalidField(api.post("/api/v1/price-changes", author.token(),
                Map.of("name", "x", "rule", SUMMER_SALE, "colour", "red")), "colour");
    }

    @Test
    void scopesAndTenantsAreEnforced() {
        Api.TenantToken reader = api.token(author.tenantId(), "catalog:read");
        assertProblem(api.post("/api/v1/price-changes", reader.token(), Map.of("name", "x", "rule", SUMMER_SALE)),
                403, "missing-scope");
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        assertProblem(steps.action(reader.token(), change, "preview", null), 403, "missing-scope");
        assertProblem(api.get("/api/v1/price-changes/" + change + "/items", reader.token()), 403, "missing-scope");

        Api.TenantToken stranger = api.newTenant("Other");
        assertProblem(steps.action(stranger.token(), change, "preview", null), 404, "not-found");
        assertProblem(api.get("/api/v1/price-changes/" + change + "/items", stranger.token()), 404, "not-found");
        assertProblem(api.get("/api/v1/price-changes/" + change + "/preview", stranger.token()), 404, "not-found");
        assertProblem(api.get("/api/v1/price-changes/" + UUID.randomUUID() + "/items", author.token()), 404, "not-found");
        assertThat(api.get("/api/v1/price-changes/" + change + "/items", author.token()).json().get("total").asInt())
                .as("a draft has no items yet, which is not a 404").isZero();
        assertProblem(steps.action(author.token(), UUID.randomUUID().toString(), "submit", null), 404, null);
        assertProblem(steps.action(author.token(), "not-a-uuid", "submit", null), 404, "not-found");
    }

    @Test
    void illegalTransitionsAreConflictsNamingTheState() {
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        JsonNode applyDraft = assertProblem(steps.action(author.token(), change, "apply", null), 409, "conflict");
        assertThat(applyDraft.get("state").asText()).isEqualTo("DRAFT");
        assertThat(assertProblem(steps.action(author.token(), change, "submit", null), 409, "conflict")
                .get("state").asText()).isEqualTo("DRAFT");

        String hash = steps.preview(author.token(), change).get("previewHash").asText();
        steps.action(author.token(), change, "submit", null);
        assertThat(assertProblem(api.send("PUT", "/api/v1/price-changes/" + change, author.token(),
                Map.of("name", "Sale 2", "rule", SUMMER_SALE)), 409, "conflict").get("state").asText())
                .isEqualTo("SUBMITTED");
        assertProblem(steps.action(author.token(), change, "preview", null), 409, "conflict");

        JsonNode stale = assertProblem(steps.action(approver.token(), change, "approve",
                Map.of("previewHash", "0".repeat(64))), 409, "conflict");
        assertThat(stale.get("detail").asText()).contains("not the submitted preview");
        assertInvalidField(steps.action(approver.token(), change, "approve", Map.of("previewHash", "abc")),
                "previewHash");

        assertThat(steps.action(approver.token(), change, "approve", Map.of("previewHash", hash)).status()).isEqualTo(200);
        JsonNode twice = assertProblem(steps.action(approver.token(), change, "approve",
                Map.of("previewHash", hash)), 409, "conflict");
        assertThat(twice.get("state").asText()).isEqualTo("APPROVED");
        assertProblem(steps.action(author.token(), change, "rollback", null), 409, "conflict");
        assertInvalidField(steps.action(approver.token(), change, "reject", Map.of()), "reason");
        assertThat(steps.action(author.token(), change, "cancel", null).json().get("state").asText()).isEqualTo("CANCELLED");
        assertThat(assertProblem(steps.action(author.token(), change, "apply", null), 409, "conflict")
                .get("state").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void editingVoidsThePreviewAndRejectingEndsTheChange() {
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        steps.preview(author.token(), change);
        Api.Response edited = api.send("PUT", "/api/v1/price-changes/" + change, author.token(),
                Map.of("name", "Sale, deeper", "rule", SUMMER_SALE));
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.json().get("state").asText()).isEqualTo("DRAFT");
        assertThat(api.get("/api/v1/price-changes/" + change + "/preview", author.token()).json().get("total").asInt())
                .isZero();
        assertProblem(steps.action(author.token(), change, "submit", null), 409, "conflict");

        steps.preview(author.token(), change);
        steps.action(author.token(), change, "submit", null);
        Api.Response rejected = steps.action(approver.token(), change, "reject", Map.of("reason", "too deep for Q4"));
        assertThat(rejected.json().get("state").asText()).isEqualTo("REJECTED");
        assertThat(steps.awaitEvent(author.token(), change, "PriceChangeRejected").get("actor").asText())
                .isEqualTo(approver.tokenId());
    }

    @Test
    void aChangeThatChangesNothingCannotBeSubmitted() {
        Map<String, Object> nothing = new HashMap<>(SUMMER_SALE);
        nothing.put("transform", List.of(Map.of("op", "percent", "value", 0)));
        String change = steps.draft(author.token(), "No-op", nothing, Map.of());
        assertThat(steps.preview(author.token(), change).get("summary").get("noChange").asInt()).isEqualTo(2);
        assertThat(assertProblem(steps.action(author.token(), change, "submit", null), 409, "conflict")
                .get("detail").asText()).contains("changes no price");
    }

    @Test
    void selfApprovalIsForbiddenUntilThePolicyAllowsIt() {
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        String hash = steps.preview(author.token(), change).get("previewHash").asText();
        steps.action(author.token(), change, "submit", null);
        assertProblem(steps.action(author.token(), change, "approve", Map.of("previewHash", hash)), 403, "forbidden");

        assertThat(api.send("PUT", "/api/v1/policy", approver.token(), Map.of("selfApprovalAllowed", true)).status())
                .isEqualTo(200);
        assertThat(steps.action(author.token(), change, "approve", Map.of("previewHash", hash)).status()).isEqualTo(200);
    }

    @Test
    void aPreviewCanWaitForTheCatalogToShowAnIngestAndSaysWhenItCannot() {
        Api.Response written = api.post("/api/v1/products", author.token(), product("TS-9", "50.00", null, "summer"));
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        Api.Response preview = api.post("/api/v1/price-changes/" + change + "/preview", author.token(), null,
                "X-Calibrate-Wait-For", Long.toString(written.position()));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().get("summary").get("items").asInt()).as("TS-9 is in the preview").isEqualTo(3);

        JsonNode behind = assertProblem(api.post("/api/v1/price-changes/" + change + "/preview", author.token(), null,
                "X-Calibrate-Wait-For", Long.toString(written.position() + 1_000_000)), 503, "read-model-behind");
        assertThat(behind.get("detail").asText()).contains("catalog");
    }

    @Test
    void pagesAndFiltersAreValidated() {
        String change = steps.draft(author.token(), "Sale", SUMMER_SALE, Map.of());
        assertInvalidField(api.get("/api/v1/price-changes/" + change + "/preview?status=MAYBE", author.token()), "status");
        assertInvalidField(api.get("/api/v1/price-changes/" + change + "/items?outcome=LOST", author.token()), "outcome");
        assertInvalidField(api.get("/api/v1/price-changes/" + change + "/items?size=0", author.token()), "size");
        assertInvalidField(api.get("/api/v1/price-changes/" + change + "/items?page=-1", author.token()), "page");
    }
}
