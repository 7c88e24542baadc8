package dev.calibrate.app.console.pricechange;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.users.Invitations;
import dev.calibrate.app.users.Invitations.Invited;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.users.Invitations.PASSWORD;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * People, not ids, on the price change screens: authors and approvers by name (a person's email on
 * hover, a token by its name, the platform admin as such), and "waiting for your approval" meaning
 * another person's change, whichever way either of them signed in. Also the heading's state badge,
 * which a live preview updates out of band.
 */
class PriceChangePeopleTest extends IntegrationTest {

    private static final Pattern HASH = Pattern.compile("<code class=\"pc-hash\">([0-9a-f]{64})</code>");

    @Test
    void aPersonsTokenAndTheirPasswordSessionAreOnePersonForTheDashboardAndForFourEyes() {
        Team team = team("People four eyes");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        String scripted = steps.draft(team.aliceToken(), "Scripted sale", SUMMER_SALE, Map.of());
        steps.preview(team.aliceToken(), scripted);
        assertThat(steps.action(team.aliceToken(), scripted, "submit", null).status()).isEqualTo(200);

        ConsoleClient alice = signedIn(team.alice());
        Page hers = alice.get("/console");
        assertThat(hers.body()).contains("Nothing waits for your approval.").doesNotContain("Scripted sale");
        Page page = alice.get("/console/price-changes/" + scripted);
        String hash = group(HASH, page.body());
        Page self = alice.post("/console/price-changes/" + scripted + "/approve", Map.of("previewHash", hash));
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.body()).contains("must be approved by another");

        ConsoleClient bob = signedIn(team.bob());
        Page waiting = bob.get("/console");
        assertThat(waiting.body()).contains("Scripted sale")
                .containsPattern("title=\"API token of " + Pattern.quote(team.alice().email()) + "\"[^>]*>Alice script<");
        bob.get("/console/price-changes/" + scripted);
        Page approved = bob.post("/console/price-changes/" + scripted + "/approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(302);

        Page detail = bob.get(path(approved.location()));
        assertThat(detail.body()).contains(">APPROVED<")
                .containsPattern("<dt>Author</dt><dd><span class=\"actor\" title=\"API token of "
                        + Pattern.quote(team.alice().email()) + "\">Alice script</span>")
                .containsPattern("title=\"" + Pattern.quote(team.bob().email()) + "\">Bob Baker</span>")
                .doesNotContain(">user:");
        assertThat(bob.get("/console").body()).contains("Nothing waits for your approval.");
    }

    @Test
    void theListTheChangePageAndTheAuditLogNameEveryone() {
        Team team = team("People names");
        ConsoleClient alice = signedIn(team.alice());
        alice.get("/console/price-changes/new");
        for (int i = 0; i < 3; i++) {
            Page saved = alice.post("/console/price-changes", saleForm("Password sale " + i));
            assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        }
        String scripted = new PriceChangeSteps(api).draft(team.aliceToken(), "Scripted sale", SUMMER_SALE, Map.of());

        // the script's draft went through the API: the console's session has not seen that write, so its list
        // shows the draft once the read model has it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(alice.get("/console/price-changes").body()).contains("Scripted sale"));
        Page list = alice.get("/console/price-changes");
        assertThat(list.body()).contains("Password sale 2").contains("Scripted sale")
                .containsPattern("title=\"" + Pattern.quote(team.alice().email()) + "\">Alice Archer<")
                .contains(">Alice script<").doesNotContain(">user:").doesNotContain(team.aliceTokenId() + "<");

        Api.TenantToken auditor = api.token(team.tenant(), "audit:read");
        ConsoleClient reader = signedIn(auditor);
        // the audit log is a read model of its own, as late as it may be
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reader.get("/console/audit").body()).contains(">Alice script<"));
        Page audit = reader.get("/console/audit");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body()).contains(">Alice Archer<").contains(">Alice script<").contains(">platform admin<")
                .doesNotContain(">user:")
                .contains("href=\"/console/audit?actor=user:" + team.alice().id() + "\"");
        Page byAlice = reader.get("/console/audit?actor=user:" + team.alice().id());
        assertThat(byAlice.body()).contains(">Alice Archer<").doesNotContain(">Alice script<");
        assertThat(reader.get("/console/price-changes/" + scripted).body())
                .contains("<dt>Author</dt><dd><span class=\"actor\" title=\"API token of " + team.alice().email()
                        + "\">Alice script</span>");
    }

    @Test
    void aLivePreviewUpdatesTheHeadingsStateBadgeOutOfBand() {
        Team team = team("People preview badge");
        ConsoleClient alice = signedIn(team.alice());
        alice.get("/console/price-changes/new");
        Page saved = alice.post("/console/price-changes", saleForm("Badge sale"));
        String id = path(saved.location()).replaceAll("^/console/price-changes/([^?]+).*$", "$1");
        assertThat(alice.get(path(saved.location())).body())
                .contains("<span id=\"pc-state\" class=\"badge\">DRAFT</span>");

        Page preview = alice.htmx("POST", "/console/price-changes/" + id + "/preview", Map.of());

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).doesNotContain("<html")
                .contains("<span id=\"pc-state\" class=\"badge\" hx-swap-oob=\"true\">PREVIEWED</span>");
    }

    // ---- the team ----

    /** Alice (analyst and approver) with her password and her own token; Bob, an approver. */
    private record Team(String tenant, Invited alice, Invited bob, String aliceToken, String aliceTokenId) {
    }

    private Team team(String name) {
        Api.TenantToken admin = api.newTenant(name);
        Invitations people = new Invitations(api, port);
        Invited alice = invite(admin, Invitations.email("alice"), "Alice Archer", "analyst", "approver");
        Invited bob = invite(admin, Invitations.email("bob"), "Bob Baker", "approver");
        people.activate(alice, PASSWORD);
        people.activate(bob, PASSWORD);
        Api.Response issued = api.post("/admin/v1/tenants/" + admin.tenantId() + "/tokens", api.adminToken(),
                Map.of("name", "Alice script", "scopes", List.of("catalog:read", "prices:write", "prices:approve"),
                        "subject", alice.email()));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        new PriceChangeSteps(api).catalog(admin.token(), List.of(product("PP-1", "40.00", "10.00", "summer"),
                product("PP-2", "25.00", "10.00", "summer")));
        return new Team(admin.tenantId(), alice, bob, issued.json().get("token").asText(),
                issued.json().get("id").asText());
    }

    private Invited invite(Api.TenantToken admin, String email, String name, String... roles) {
        Api.Response invited = api.post("/api/v1/users", admin.token(),
                Map.of("email", email, "name", name, "roles", List.of(roles)));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        return new Invited(invited.json().get("user").get("id").asText(), email,
                invited.json().get("invitationLink").asText());
    }

    private ConsoleClient signedIn(Invited person) {
        ConsoleClient browser = new ConsoleClient(port);
        Page page = Invitations.signIn(browser, person.email(), PASSWORD);
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        return browser;
    }

    private ConsoleClient signedIn(Api.TenantToken token) {
        ConsoleClient browser = new ConsoleClient(port);
        Page page = browser.signInWithToken(token.token());
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        return browser;
    }

    private static Map<String, String> saleForm(String name) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("currency", "USD");
        form.put("compareAt", "set_to_current");
        form.put("conditions[0].field", "tags");
        form.put("conditions[0].op", "contains");
        form.put("conditions[0].value", "summer");
        form.put("steps[0].op", "percent");
        form.put("steps[0].value", "-15");
        return form;
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
