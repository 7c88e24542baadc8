package dev.calibrate.app.rule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A price change that references a saved rule's version: the change records the version, provenance names
 * it, and time travel finds the products a version priced at an instant.
 */
class SavedRuleReferencesTest extends IntegrationTest {

    private PriceChangeSteps steps;
    private Api.TenantToken manager;
    private Api.TenantToken approver;
    private String rule;
    /** The event position of version 2: a read of the saved rule waits for it. */
    private String revisedAt;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        manager = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "prices:apply", "audit:read");
        approver = api.token(manager.tenantId(), "prices:approve");
        steps.catalog(manager.token(), List.of(product("TS-1", "20.00", null, "summer"),
                product("TS-2", "40.00", null, "summer"), product("MUG-1", "10.00", null, "kitchen")));
        Api.Response created = api.post("/api/v1/rules", manager.token(),
                Map.of("name", "Summer minus 10 %", "rule", SavedRulesHttpTest.TEN_OFF));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        rule = created.json().get("id").asText();
        Api.Response revised = api.send("PUT", "/api/v1/rules/" + rule, manager.token(),
                Map.of("name", "Summer minus 20 %", "rule", SavedRulesHttpTest.rule(-20), "expectedVersion", 1));
        assertThat(revised.status()).as(revised.body()).isEqualTo(200);
        revisedAt = Long.toString(revised.position());
    }

    private Api.Response draft(String name, Map<String, Object> ruleRef) {
        return api.post("/api/v1/price-changes", manager.token(), Map.of("name", name, "ruleRef", ruleRef));
    }

    private String drafted(String name, Map<String, Object> ruleRef) {
        Api.Response drafted = draft(name, ruleRef);
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        return drafted.json().get("id").asText();
    }

    private void approveAndApply(String change) {
        String hash = steps.preview(manager.token(), change).get("previewHash").asText();
        assertThat(steps.action(manager.token(), change, "submit", null).status()).isEqualTo(200);
        Api.Response approved = steps.action(approver.token(), change, "approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(steps.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(manager.token(), change);
    }

    private String id(String sku) {
        return ProductId.forSku(new TenantId(UUID.fromString(manager.tenantId())), sku).toString();
    }

    @Test
    void aChangeRecordsTheVersionItResolvedAndShowsExactlyThatRule() {
        String first = drafted("From version 1", Map.of("id", rule, "version", 1));
        String latest = drafted("From the latest", Map.of("id", rule));

        JsonNode one = steps.view(manager.token(), first, "DRAFT");
        assertThat(one.at("/ruleRef/id").asText()).isEqualTo(rule);
        assertThat(one.at("/ruleRef/version").asInt()).isEqualTo(1);
        assertThat(one.get("rule")).isEqualTo(mapper.valueToTree(SavedRulesHttpTest.TEN_OFF));
        JsonNode two = steps.view(manager.token(), latest, "DRAFT");
        assertThat(two.at("/ruleRef/version").asInt()).isEqualTo(2);
        assertThat(two.get("rule")).isEqualTo(mapper.valueToTree(SavedRulesHttpTest.rule(-20)));
        JsonNode version = api.get("/api/v1/rules/" + rule + "/versions/2", manager.token(),
                "X-Calibrate-Wait-For", revisedAt).json();
        assertThat(version.get("rule")).isEqualTo(two.get("rule"));

        // an edit may switch to a rule written in, and back to a version; the change follows
        Api.Response edited = api.send("PUT", "/api/v1/price-changes/" + first, manager.token(),
                Map.of("name", "Written in", "rule", SavedRulesHttpTest.rule(-5)));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        JsonNode writtenIn = api.get("/api/v1/price-changes/" + first, manager.token(), "X-Calibrate-Wait-For",
                Long.toString(edited.position())).json();
        assertThat(writtenIn.has("ruleRef") && !writtenIn.get("ruleRef").isNull()).isFalse();
        edited = api.send("PUT", "/api/v1/price-changes/" + first, manager.token(),
                Map.of("name", "Version 2 again", "ruleRef", Map.of("id", rule, "version", 2)));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        JsonNode again = api.get("/api/v1/price-changes/" + first, manager.token(), "X-Calibrate-Wait-For",
                Long.toString(edited.position())).json();
        assertThat(again.at("/ruleRef/version").asInt()).isEqualTo(2);

        // the rule was never enabled: a disabled rule can still be referenced by hand
        assertThat(api.get("/api/v1/rules/" + rule, manager.token(), "X-Calibrate-Wait-For", revisedAt).json()
                .at("/summary/enabled").asBoolean()).isFalse();
        JsonNode audit = steps.awaitEvent(manager.token(), latest, "PriceChangeDrafted");
        assertThat(audit.get("actor").asText()).as(audit.toString()).isEqualTo(manager.tokenId());
    }

    /** The rule's last editor counts as an author of a change drafted from it: they cannot approve it. */
    @Test
    void theRulesLastEditorCannotApproveAChangeDraftedFromItBySomeoneElse() {
        Api.TenantToken editor = api.token(manager.tenantId(), "prices:write", "prices:approve");
        Api.Response revised = api.send("PUT", "/api/v1/rules/" + rule, editor.token(),
                Map.of("name", "Summer minus 15 %", "rule", SavedRulesHttpTest.rule(-15), "expectedVersion", 2));
        assertThat(revised.status()).as(revised.body()).isEqualTo(200);
        String change = drafted("From the editor's version", Map.of("id", rule));
        String hash = steps.preview(manager.token(), change).get("previewHash").asText();
        assertThat(steps.action(manager.token(), change, "submit", null).status()).isEqualTo(200);

        assertProblem(steps.action(editor.token(), change, "approve", Map.of("previewHash", hash)), 403, "forbidden");

        Api.Response approved = steps.action(approver.token(), change, "approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    }

    /**
     * A change copies its version's rule when drafted: revising the saved rule after the change is submitted,
     * and again after it is approved, changes none of its rule, ruleRef.version, preview hash or prices.
     */
    @Test
    void revisingTheSavedRuleAfterSubmitAndApprovalChangesNothingTheChangeRecorded() {
        String change = drafted("Pinned to version 2", Map.of("id", rule, "version", 2));
        String hash = steps.preview(manager.token(), change).get("previewHash").asText();
        assertThat(steps.action(manager.token(), change, "submit", null).status()).isEqualTo(200);
        revise(2, -50);
        Api.Response approved = steps.action(approver.token(), change, "approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        revise(3, -60);
        assertThat(steps.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
        steps.awaitApplied(manager.token(), change);

        JsonNode view = steps.view(manager.token(), change, "APPLIED");
        assertThat(view.at("/ruleRef/version").asInt()).isEqualTo(2);
        assertThat(view.get("rule")).isEqualTo(mapper.valueToTree(SavedRulesHttpTest.rule(-20)));
        assertThat(view.get("previewHash").asText()).isEqualTo(hash);
        assertThat(steps.priceOf(manager.token(), id("TS-1"))).isEqualTo("16.00");
        assertThat(steps.priceOf(manager.token(), id("TS-2"))).isEqualTo("32.00");
    }

    private void revise(int expectedVersion, int percent) {
        Api.Response revised = api.send("PUT", "/api/v1/rules/" + rule, manager.token(), Map.of("name",
                "Summer " + percent + " %", "rule", SavedRulesHttpTest.rule(percent), "expectedVersion", expectedVersion));
        assertThat(revised.status()).as(revised.body()).isEqualTo(200);
    }

    /** An explicit "rule": null beside a ruleRef is no rule, as an absent one is; alone it is neither. */
    @Test
    void anExplicitNullRuleBesideARuleRefIsNoRule() {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Null rule", "ruleRef", Map.of("id", rule)));
        body.put("rule", null);
        Api.Response drafted = api.post("/api/v1/price-changes", manager.token(), body);
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        Map<String, Object> neither = new HashMap<>(Map.of("name", "Only a null rule"));
        neither.put("rule", null);
        assertInvalidField(api.post("/api/v1/price-changes", manager.token(), neither), "rule");
    }

    @Test
    void aReferenceToNoRuleOrVersionOrBothOrNeitherIsRefused() {
        assertInvalidField(api.post("/api/v1/price-changes", manager.token(),
                Map.of("name", "Both", "rule", SavedRulesHttpTest.TEN_OFF, "ruleRef", Map.of("id", rule))), "ruleRef");
        assertInvalidField(api.post("/api/v1/price-changes", manager.token(), Map.of("name", "Neither")), "rule");
        assertInvalidField(draft("Unknown", Map.of("id", UUID.randomUUID().toString())), "ruleRef.id");
        assertInvalidField(draft("Malformed", Map.of("id", "not-a-uuid")), "ruleRef.id");
        assertInvalidField(draft("No such version", Map.of("id", rule, "version", 3)), "ruleRef.version");
        assertInvalidField(draft("Version 0", Map.of("id", rule, "version", 0)), "ruleRef.version");
        Api.TenantToken globex = api.token(api.createTenant("Globex", "USD"), "prices:write");
        assertInvalidField(api.post("/api/v1/price-changes", globex.token(),
                Map.of("name", "Not mine", "ruleRef", Map.of("id", rule))), "ruleRef.id");
    }

    @Test
    void provenanceNamesTheRuleVersionAndTimeTravelFindsWhatEachVersionPriced() {
        String first = drafted("Version 1", Map.of("id", rule, "version", 1));
        approveAndApply(first);
        Instant afterFirst = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Api.Response provenance = api.get("/api/v1/products/" + id("TS-1") + "/provenance?currency=USD",
                manager.token());
        assertThat(provenance.status()).as(provenance.body()).isEqualTo(200);
        assertThat(provenance.json().get("amount").asText()).isEqualTo("18.00");
        JsonNode ruleRef = provenance.json().at("/priceChange/ruleRef");
        assertThat(ruleRef.get("id").asText()).isEqualTo(rule);
        assertThat(ruleRef.get("name").asText()).isEqualTo("Summer minus 10 %");
        assertThat(ruleRef.get("version").asInt()).isEqualTo(1);

        String second = drafted("Version 2", Map.of("id", rule));
        approveAndApply(second);
        Instant afterSecond = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // the read models follow the event store: once they hold the second apply, every answer is settled
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(priced(2, afterSecond)).containsExactlyInAnyOrderEntriesOf(
                        Map.of("TS-1", "14.40", "TS-2", "28.80")));
        assertThat(priced(1, afterFirst)).containsExactlyInAnyOrderEntriesOf(Map.of("TS-1", "18.00", "TS-2", "36.00"));
        assertThat(priced(2, afterFirst)).isEmpty();
        assertThat(priced(1, afterSecond)).isEmpty();

        JsonNode now = api.get("/api/v1/products/" + id("TS-2") + "/provenance?currency=USD", manager.token()).json();
        assertThat(now.at("/priceChange/ruleRef/version").asInt()).isEqualTo(2);
        assertThat(now.at("/priceChange/ruleRef/name").asText()).isEqualTo("Summer minus 20 %");
        JsonNode then = api.get("/api/v1/products/" + id("TS-2") + "/provenance?currency=USD&at=" + afterFirst,
                manager.token()).json();
        assertThat(then.at("/priceChange/ruleRef/version").asInt()).isEqualTo(1);
    }

    /** Instants PostgreSQL cannot hold, or before any price, are a 400 naming at, never a 500. */
    @Test
    void anInstantOutOfRangeIsRefusedNamingAt() {
        for (String at : List.of("+1000000000-01-01T00:00:00Z", "+300000-01-01T00:00:00Z",
                "-300000-01-01T00:00:00Z", "1999-12-31T23:59:59Z", Instant.now().plus(Duration.ofDays(400)).toString(),
                "yesterday")) {
            assertInvalidField(api.get("/api/v1/rules/" + rule + "/versions/1/products?at=" + at.replace("+", "%2B"),
                    manager.token()), "at");
        }
        assertInvalidField(api.get("/api/v1/rules/" + rule + "/versions/1/products?after=TS-1", manager.token()),
                "after");
        assertInvalidField(api.get("/api/v1/rules/" + rule + "/versions/1/products?size=501", manager.token()),
                "size");
        Api.Response inRange = api.get("/api/v1/rules/" + rule + "/versions/1/products?at=2000-01-01T00:00:00Z",
                manager.token());
        assertThat(inRange.status()).as(inRange.body()).isEqualTo(200);
    }

    /** SKU to amount of the products the version priced at {@code at}, read one product a page. */
    private Map<String, String> priced(int version, Instant at) {
        Map<String, String> priced = new HashMap<>();
        String after = "";
        for (int pages = 0; pages < 10; pages++) {
            Api.Response answer = api.get("/api/v1/rules/" + rule + "/versions/" + version + "/products?size=1&at="
                    + at + "&after=" + after, manager.token());
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode items = answer.json().get("items");
            assertThat(items.size()).as(answer.body()).isLessThanOrEqualTo(1);
            items.forEach(item -> assertThat(priced.put(item.get("sku").asText(), item.get("amount").asText()))
                    .as("a product on two pages").isNull());
            JsonNode next = answer.json().get("nextAfter");
            if (next == null || next.isNull()) {
                return priced;
            }
            assertThat(items.size()).isEqualTo(1);
            assertThat(next.asText()).isEqualTo(items.get(0).get("productId").asText());
            after = next.asText();
        }
        throw new AssertionError("more pages than products");
    }
}
