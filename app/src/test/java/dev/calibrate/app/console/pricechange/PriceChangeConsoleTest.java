package dev.calibrate.app.console.pricechange;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The price change screens over real HTTP: a rule drafted in the builder, previewed live, submitted,
 * approved by another person against the hash shown, applied, followed and rolled back; and every
 * refusal the API makes, shown where the user acted.
 */
class PriceChangeConsoleTest extends IntegrationTest {

    private static final Pattern HASH = Pattern.compile("<code class=\"pc-hash\">([0-9a-f]{64})</code>");
    private static final Pattern PRODUCT = Pattern.compile("productId=([0-9a-f-]{36})");

    @Test
    void aRuleGoesFromTheBuilderThroughPreviewAndFourEyesToApplyAndRollback() {
        Team team = team("Console journey");
        ConsoleClient alice = signedIn(team.alice());

        Page empty = alice.get("/console/price-changes");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("No price changes yet.").contains("New price change");

        Page builder = alice.get("/console/price-changes/new");
        assertThat(builder.status()).isEqualTo(200);
        Page twoSteps = alice.htmx("POST", "/console/price-changes/builder", with(summerSale(), "edit", "addStep"));
        assertThat(twoSteps.status()).isEqualTo(200);
        assertThat(twoSteps.body()).contains("name=\"steps[2].op\"").doesNotContain("<html")
                .contains("&quot;op&quot; : &quot;percent&quot;");
        Page oneCondition = alice.htmx("POST", "/console/price-changes/builder",
                with(with(summerSale(), "conditions[1].field", "vendor"), "edit", "removeCondition:1"));
        assertThat(oneCondition.body()).contains("conditions[0].value").doesNotContain("conditions[1].value");

        Page saved = alice.post("/console/price-changes", summerSale());
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        String detailPath = path(saved.location());
        String id = detailPath.replaceAll("^/console/price-changes/([^?]+).*$", "$1");
        Page draft = alice.get(detailPath);
        assertThat(draft.status()).isEqualTo(200);
        assertThat(draft.body()).contains("Console sale").contains(">DRAFT<").contains("Not previewed yet.")
                .contains("hx-post=\"/console/price-changes/" + id + "/preview\"")
                .contains("&quot;value&quot; : -15");

        Page preview = alice.htmx("POST", "/console/price-changes/" + id + "/preview", Map.of());
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains("Preview hash").contains("TS-1").contains("TS-2")
                .contains("Submit for approval").contains("hx-swap-oob=\"true\"");
        String hash = group(HASH, preview.body());

        Page changed = alice.htmx("GET", "/console/price-changes/" + id + "/preview-items?status=CHANGE", Map.of());
        assertThat(changed.body()).contains("TS-1").doesNotContain("OLD-1");
        Page blank = alice.htmx("GET", "/console/price-changes/" + id + "/preview-items?status=BLOCKED", Map.of());
        assertThat(blank.body()).contains("No items with this status.");
        String productId = group(PRODUCT, changed.body());
        Page explain = alice.htmx("GET", "/console/price-changes/" + id + "/explain?productId=" + productId
                + "&currency=USD&status=CHANGE&page=0", Map.of());
        assertThat(explain.status()).isEqualTo(200);
        assertThat(explain.body()).contains("Matched:").contains("percent: ");

        alice.get("/console/price-changes/" + id);
        Page submitted = alice.post("/console/price-changes/" + id + "/submit", Map.of());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(302);
        Page waiting = alice.get(path(submitted.location()));
        assertThat(waiting.body()).contains(">SUBMITTED<").contains("Approve this preview").contains(hash);

        Page self = alice.post("/console/price-changes/" + id + "/approve", Map.of("previewHash", hash));
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.body()).contains("must be approved by another").contains("field-error");

        ConsoleClient bob = signedIn(team.bob());
        bob.get("/console/price-changes/" + id);
        Page stale = bob.post("/console/price-changes/" + id + "/approve", Map.of("previewHash", "0".repeat(64)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("is not the submitted preview").contains(">SUBMITTED<");
        Page approved = bob.post("/console/price-changes/" + id + "/approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(302);

        Page ready = alice.get(path(approved.location()));
        assertThat(ready.body()).contains(">APPROVED<").contains("Apply now").contains("bob@acme.example");
        Page applying = alice.post("/console/price-changes/" + id + "/apply", Map.of());
        assertThat(applying.status()).as(applying.body()).isEqualTo(302);
        awaitRunEnds(alice, id, "APPLIED");

        Page applied = alice.get("/console/price-changes/" + id);
        assertThat(applied.body()).contains(">APPLIED<").contains("Items and their outcomes").contains("Roll back");
        Page outcomes = alice.htmx("GET", "/console/price-changes/" + id + "/outcomes?outcome=APPLIED", Map.of());
        assertThat(outcomes.body()).contains("TS-1").contains("TS-2");

        Page rollingBack = alice.post("/console/price-changes/" + id + "/rollback", Map.of());
        assertThat(rollingBack.status()).as(rollingBack.body()).isEqualTo(302);
        awaitRunEnds(alice, id, "ROLLED_BACK");
        Page rolledBack = alice.get("/console/price-changes/" + id);
        assertThat(rolledBack.body()).contains(">ROLLED_BACK<").contains("Rollback conflicts")
                .contains("No conflicts");

        Page listed = alice.get("/console/price-changes?state=ROLLED_BACK");
        assertThat(listed.body()).contains("Console sale");
        assertThat(alice.get("/console/price-changes?state=DRAFT").body()).contains("No price changes are DRAFT.");
    }

    @Test
    void aViewerSeesNoButtonsAndAForgedPostIsRefused() {
        Team team = team("Console viewer");
        String id = submittedChange(team);
        Api.TenantToken viewer = api.token(team.tenant(), "audit:read");
        ConsoleClient browser = signedIn(viewer);

        Page page = browser.get("/console/price-changes/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(">SUBMITTED<").contains("Nothing you may do")
                .doesNotContain("Approve this preview").doesNotContain("Reject").doesNotContain("/preview\"")
                .doesNotContain("Submit for approval");
        assertThat(browser.get("/console/price-changes").body()).doesNotContain("New price change");

        assertThat(browser.post("/console/price-changes/" + id + "/approve", Map.of("previewHash", "0".repeat(64)))
                .status()).isEqualTo(403);
        assertThat(browser.post("/console/price-changes/" + id + "/reject", Map.of("reason", "no")).status())
                .isEqualTo(403);
        assertThat(browser.post("/console/price-changes", summerSale()).status()).isEqualTo(403);
        assertThat(browser.htmx("POST", "/console/price-changes/" + id + "/preview", Map.of()).status())
                .isEqualTo(403);
        assertThat(browser.get("/console/price-changes/new").status()).isEqualTo(403);
    }

    @Test
    void anInvalidRuleComesBackWithTheErrorNextToItsRowAndEverythingTyped() {
        Team team = team("Console invalid");
        ConsoleClient alice = signedIn(team.alice());
        alice.get("/console/price-changes/new");

        Map<String, String> form = with(with(summerSale(), "steps[0].value", "5000"), "note", "keep me");
        Page refused = alice.post("/console/price-changes", form);

        assertThat(refused.status()).isEqualTo(400);
        String body = refused.body();
        assertThat(body).contains("value=\"5000\"").contains("value=\"summer\"").contains("value=\"keep me\"")
                .contains("value=\"Console sale\"");
        int step = body.indexOf("id=\"step-0-value\"");
        int error = body.indexOf("class=\"field-error pc-wide\"", step);
        int nextStep = body.indexOf("id=\"step-1-op\"");
        assertThat(step).isPositive();
        assertThat(error).as(body).isGreaterThan(step).isLessThan(nextStep);
        assertThat(body.substring(error, body.indexOf("</p>", error))).contains("value:");

        Page notANumber = alice.post("/console/price-changes", with(summerSale(), "steps[0].value", "ten"));
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.body()).contains("value: must be a number").contains("value=\"ten\"");

        Page noName = alice.post("/console/price-changes", with(summerSale(), "name", ""));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body()).contains("id=\"name\"").containsPattern("aria-invalid=\"true\"");
        assertThat(alice.get("/console/price-changes").body()).contains("No price changes yet.");
    }

    @Test
    void withoutTheCsrfTokenNothingChanges() {
        Team team = team("Console csrf");
        String id = submittedChange(team);
        ConsoleClient bob = signedIn(team.bob());
        bob.get("/console/price-changes/" + id);

        assertThat(bob.postRaw("/console/price-changes/" + id + "/approve", Map.of("previewHash", "0".repeat(64)))
                .status()).isEqualTo(403);
        assertThat(bob.postRaw("/console/price-changes", summerSale()).status()).isEqualTo(403);
        assertThat(bob.get("/console/price-changes/" + id).body()).contains(">SUBMITTED<");
    }

    @Test
    void anEditOpensTheBuilderWithTheStoredRuleAndSavesThroughTheApi() {
        Team team = team("Console edit");
        ConsoleClient alice = signedIn(team.alice());
        alice.get("/console/price-changes/new");
        String drafted = path(alice.post("/console/price-changes", summerSale()).location());
        String id = drafted.replaceAll("^/console/price-changes/([^?]+).*$", "$1");
        assertThat(alice.get(drafted).body()).contains("Edit rule");

        Page builder = alice.get("/console/price-changes/" + id + "/edit");
        assertThat(builder.status()).isEqualTo(200);
        assertThat(builder.body()).contains("Edit price change").contains("value=\"summer\"").contains("value=\"-15\"")
                .contains("value=\"0.99\"").contains("action=\"/console/price-changes/" + id + "\"");

        Page saved = alice.post("/console/price-changes/" + id, with(summerSale(), "name", "Console sale, deeper"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(alice.get(path(saved.location())).body()).contains("Console sale, deeper").contains(">DRAFT<");
    }

    /**
     * A change drafted from a saved rule's version opens in the builder with that rule, and the builder says that
     * saving there writes the rule into the change: it then no longer names the saved rule's version.
     */
    @Test
    void editingAChangeDraftedFromASavedRuleSaysItWillNoLongerReferenceIt() {
        Team team = team("Console saved rule");
        Api.Response saved = api.post("/api/v1/rules", team.alice().token(), Map.of("name", "Summer rule", "rule",
                Map.of("selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "summer"))),
                        "transform", List.of(Map.of("op", "percent", "value", -15)), "currency", "USD")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        String rule = saved.json().get("id").asText();
        Api.Response drafted = api.post("/api/v1/price-changes", team.alice().token(),
                Map.of("name", "From the saved rule", "ruleRef", Map.of("id", rule, "version", 1)));
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        String id = drafted.json().get("id").asText();
        ConsoleClient alice = signedIn(team.alice());
        alice.get("/console/price-changes/" + id + "?at=" + drafted.position());

        Page builder = alice.get("/console/price-changes/" + id + "/edit");
        assertThat(builder.status()).isEqualTo(200);
        assertThat(builder.body()).contains("value=\"-15\"").contains("version 1 of a saved rule")
                .contains("<code>" + rule + "</code>").contains("no longer that saved rule");
        Page refused = alice.post("/console/price-changes/" + id, with(summerSale(), "name", ""));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).as("the note stays on every rendering of the edit").contains("version 1 of a saved rule");
        Page written = alice.post("/console/price-changes/" + id, with(summerSale(), "name", "Own rule now"));
        assertThat(written.status()).as(written.body()).isEqualTo(302);
        // the redirect's page waits for the read model to hold the edit (its ?at=), as a person's browser does
        assertThat(alice.get(path(written.location())).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/price-changes/" + id, team.alice().token()).json().has("ruleRef"))
                .as("as the builder said").isFalse();
        assertThat(alice.get("/console/price-changes/" + id + "/edit").body()).doesNotContain("of a saved rule");
    }

    /** An uploaded CSV's rule has no builder row: its page says to upload again, and the edit URL leads there. */
    @Test
    void anImportedChangeIsReadOnlyAndSaysToUploadAgain() {
        Team team = team("Console import");
        Api.Response drafted = api.send("POST", "/api/v1/price-changes:import?name=Spring&currency=USD&fileName=spring.csv",
                team.alice().token(), "sku,price\nTS-1,38.00\n", "Content-Type", "text/csv");
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        String id = drafted.json().get("id").asText();
        ConsoleClient alice = signedIn(team.alice());

        // ?at= as the console's own redirects do: the page waits for the read model to hold the import
        Page detail = alice.get("/console/price-changes/" + id + "?at=" + drafted.position());
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body()).contains("upload again to").contains("price_table").doesNotContain("Edit rule");
        Page edit = alice.get("/console/price-changes/" + id + "/edit");
        assertThat(edit.status()).isEqualTo(302);
        assertThat(path(edit.location())).isEqualTo("/console/price-changes/" + id);
    }

    @Test
    void aRejectionNeedsAReasonAndKeepsWhatWasTyped() {
        Team team = team("Console reject");
        String id = submittedChange(team);
        ConsoleClient bob = signedIn(team.bob());
        bob.get("/console/price-changes/" + id);

        Page blank = bob.post("/console/price-changes/" + id + "/reject", Map.of("reason", ""));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body()).contains("reason").contains("field-error").contains(">SUBMITTED<");

        Page rejected = bob.post("/console/price-changes/" + id + "/reject", Map.of("reason", "Too deep <b>now</b>"));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(302);
        Page page = bob.get(path(rejected.location()));
        assertThat(page.body()).contains(">REJECTED<").contains("Too deep &lt;b&gt;now&lt;/b&gt;")
                .doesNotContain("Approve this preview");
    }

    @Test
    void aPreviewTheApiRefusesShowsItsReasonInThePreview() {
        Team team = team("Console preview refused");
        String id = submittedChange(team);
        ConsoleClient alice = signedIn(team.alice());
        alice.get("/console/price-changes/" + id);

        Page refused = alice.htmx("POST", "/console/price-changes/" + id + "/preview", Map.of());

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("class=\"alert\"").contains("it is SUBMITTED").doesNotContain("<html");
    }

    @Test
    void anUnknownChangeIsANotFoundPage() {
        Team team = team("Console unknown");
        ConsoleClient alice = signedIn(team.alice());
        Page missing = alice.get("/console/price-changes/00000000-0000-0000-0000-000000000000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("There is no such price change.");
        assertThat(alice.get("/console/price-changes/not-an-id").status()).isEqualTo(404);
        assertThat(alice.get("/console/price-changes?page=-1").status()).isEqualTo(400);
    }

    // ---- the team and its catalog ----

    private record Team(String tenant, Api.TenantToken alice, Api.TenantToken bob) {
    }

    /** Alice drafts, applies and (the policy allowing none) may not approve her own; Bob approves. */
    private Team team(String name) {
        String tenant = api.createTenant(name, "USD");
        Api.TenantToken alice = token(tenant, "alice@acme.example", "catalog:read", "catalog:write", "prices:write",
                "prices:approve", "prices:apply");
        Api.TenantToken bob = token(tenant, "bob@acme.example", "prices:approve");
        new PriceChangeSteps(api).catalog(alice.token(), List.of(product("TS-1", "40.00", "10.00", "summer"),
                product("TS-2", "25.00", "10.00", "summer"), product("OLD-1", "30.00", "10.00", "winter")));
        return new Team(tenant, alice, bob);
    }

    private String submittedChange(Team team) {
        ConsoleClient alice = signedIn(team.alice());
        alice.get("/console/price-changes/new");
        Page saved = alice.post("/console/price-changes", summerSale());
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        String id = path(saved.location()).replaceAll("^/console/price-changes/([^?]+).*$", "$1");
        alice.get(path(saved.location()));
        assertThat(alice.htmx("POST", "/console/price-changes/" + id + "/preview", Map.of()).status()).isEqualTo(200);
        Page submitted = alice.post("/console/price-changes/" + id + "/submit", Map.of());
        assertThat(submitted.status()).isEqualTo(302);
        // the redirect reads the change at the submit's position: the read model shows it from here on
        assertThat(alice.get(path(submitted.location())).body()).contains(">SUBMITTED<");
        return id;
    }

    private static Map<String, String> summerSale() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Console sale");
        form.put("currency", "USD");
        form.put("compareAt", "set_to_current");
        form.put("conditions[0].field", "tags");
        form.put("conditions[0].op", "contains");
        form.put("conditions[0].value", "summer");
        form.put("steps[0].op", "percent");
        form.put("steps[0].value", "-15");
        form.put("steps[1].op", "round");
        form.put("steps[1].mode", "charm");
        form.put("steps[1].extra", "0.99");
        return form;
    }

    private static Map<String, String> with(Map<String, String> form, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(form);
        copy.put(key, value);
        return copy;
    }

    private void awaitRunEnds(ConsoleClient browser, String id, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Page progress = browser.htmx("GET", "/console/price-changes/" + id + "/progress?polling=true", Map.of());
            assertThat(progress.status()).isEqualTo(200);
            assertThat(progress.body()).contains(">" + state + "<").contains("· done");
            assertThat(progress.header("HX-Refresh")).isEqualTo("true");
        });
    }

    private ConsoleClient signedIn(Api.TenantToken token) {
        ConsoleClient browser = new ConsoleClient(port);
        Page signedIn = browser.signInWithToken(token.token());
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
        return browser;
    }

    private Api.TenantToken token(String tenant, String subject, String... scopes) {
        Api.Response issued = api.post("/admin/v1/tenants/" + tenant + "/tokens", api.adminToken(),
                Map.of("name", "of " + subject, "scopes", List.of(scopes), "subject", subject));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return new Api.TenantToken(tenant, issued.json().get("id").asText(), issued.json().get("token").asText());
    }

    private static String path(String location) {
        return location.replaceFirst("^https?://[^/]+", "");
    }

    private static String group(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}
