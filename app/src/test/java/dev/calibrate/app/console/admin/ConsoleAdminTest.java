package dev.calibrate.app.console.admin;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.ConsoleForms;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The platform admin's screens: tenants, and tokens issued (the secret shown once) and revoked. */
class ConsoleAdminTest extends IntegrationTest {

    private static final Pattern SECRET = Pattern.compile("id=\"issued-secret\" readonly value=\"([^\"]+)\"");

    @Test
    void theAdminCreatesATenantIssuesATokenSeesItsSecretOnceAndRevokesIt() {
        ConsoleClient admin = signedInAdmin();
        Page tenants = admin.get("/console/admin");
        assertThat(tenants.status()).isEqualTo(200);
        assertThat(tenants.body()).contains("<h1>Tenants</h1>");

        Page created = admin.post("/console/admin/tenants", Map.of("name", "Console <b>Shop</b>", "defaultCurrency", "eur"));
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String tenantPath = created.location().replaceFirst("^https?://[^/]+", "");
        assertThat(tenantPath).startsWith("/console/admin/tenants/");
        Page tenant = admin.get(tenantPath);
        assertThat(tenant.status()).isEqualTo(200);
        assertThat(tenant.body()).contains("Console &lt;b&gt;Shop&lt;/b&gt;").contains("EUR").contains("No tokens yet");
        // oldest first, as the admin API lists them; other tests' tenants share this database
        assertThat(listedOnSomePage(admin, "Console &lt;b&gt;Shop&lt;/b&gt;")).isTrue();

        Page issued = new ConsoleForms(port, admin).post(tenantPath + "/tokens", List.of(Map.entry("name", "catalog bot"),
                Map.entry("scopes", "catalog:read"), Map.entry("scopes", "competitors:read"),
                Map.entry("subject", "bot@example.com"), Map.entry("expiresOn", "2099-01-31")));
        assertThat(issued.status()).as(issued.body()).isEqualTo(302);
        Page once = admin.get(tenantPath);
        Matcher secret = SECRET.matcher(once.body());
        assertThat(secret.find()).as(once.body()).isTrue();
        String token = secret.group(1);
        assertThat(token).startsWith("clb_");
        assertThat(once.body()).contains("catalog bot").contains("catalog:read, competitors:read")
                .contains("bot@example.com").contains("until 2099-01-31");

        Page reload = admin.get(tenantPath);
        assertThat(reload.body()).doesNotContain(token).doesNotContain("issued-secret").contains("catalog bot");
        assertThat(admin.get("/console/admin").body()).doesNotContain(token);

        ConsoleClient bot = new ConsoleClient(port);
        assertThat(bot.signInWithToken(token).status()).isEqualTo(302);
        assertThat(bot.get("/console").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/competitors", token).status()).isEqualTo(200);

        String tokenId = reload.body().replaceAll("(?s).*action=\"" + Pattern.quote(tenantPath) + "/tokens/([0-9a-f-]{36})/revoke\".*", "$1");
        Page revoked = admin.post(tenantPath + "/tokens/" + tokenId + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(302);
        Page afterRevoke = admin.get(tenantPath);
        assertThat(afterRevoke.body()).contains("The token is revoked").contains("badge bad\">revoked");
        assertThat(afterRevoke.body()).doesNotContain("/revoke\"");
        assertThat(api.get("/api/v1/competitors", token).status()).isEqualTo(401);
        assertThat(bot.get("/console").status()).isEqualTo(302);
    }

    @Test
    void mistakesAreShownBesideTheirFieldsAndNothingIsCreated() {
        ConsoleClient admin = signedInAdmin();
        admin.get("/console/admin");
        Page badTenant = admin.post("/console/admin/tenants", Map.of("name", "Typo Ltd", "defaultCurrency", "EURO"));
        assertThat(badTenant.status()).isEqualTo(422);
        assertThat(badTenant.body()).contains("id=\"defaultCurrency-error\"").contains("value=\"Typo Ltd\"")
                .contains("value=\"EURO\"");

        String tenantId = api.createTenant("Console Token Typos", "USD");
        String tenantPath = "/console/admin/tenants/" + tenantId;
        // the console reads the tenant from its read model, which may not have it yet on a busy machine
        await("the tenant's page").atMost(Duration.ofSeconds(20)).until(() -> admin.get(tenantPath).status() == 200);
        ConsoleForms forms = new ConsoleForms(port, admin);
        Page noScope = forms.post(tenantPath + "/tokens", List.of(Map.entry("name", "nothing"), Map.entry("expiresOn", "")));
        assertThat(noScope.status()).isEqualTo(422);
        assertThat(noScope.body()).contains("id=\"scopes-error\"").contains("value=\"nothing\"");

        Page badDate = forms.post(tenantPath + "/tokens", List.of(Map.entry("name", "dated"),
                Map.entry("scopes", "admin"), Map.entry("expiresOn", "next year")));
        assertThat(badDate.status()).isEqualTo(422);
        assertThat(badDate.body()).contains("id=\"expiresOn-error\"").contains("value=\"next year\"")
                .containsPattern("id=\"scope-ADMIN\" value=\"admin\" checked");

        Page unknownScope = forms.post(tenantPath + "/tokens", List.of(Map.entry("name", "odd"),
                Map.entry("scopes", "root")));
        assertThat(unknownScope.status()).isEqualTo(422);
        assertThat(unknownScope.body()).contains("id=\"scopes-error\"");
        assertThat(admin.get(tenantPath).body()).contains("No tokens yet");

        assertThat(admin.get("/console/admin/tenants/not-a-uuid").status()).isEqualTo(404);
        assertThat(admin.get("/console/admin/tenants/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }

    @Test
    void aTenantTokenCannotOpenTheAdminScreensAndTheAdminNoTenantScreen() {
        Api.TenantToken acme = api.newTenant("Console Not Admin");
        ConsoleClient tenant = new ConsoleClient(port);
        tenant.signInWithToken(acme.token());
        Page admin = tenant.get("/console/admin");
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.body()).contains("This page is for the platform admin.");
        assertThat(tenant.get("/console/admin/tenants/" + acme.tenantId()).status()).isEqualTo(403);
        assertThat(tenant.post("/console/admin/tenants", Map.of("name", "Sneaky", "defaultCurrency", "USD")).status())
                .isEqualTo(403);
        assertThat(tenant.post("/console/admin/tenants/" + acme.tenantId() + "/tokens/" + acme.tokenId() + "/revoke",
                Map.of()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/competitors", acme.token()).status()).isEqualTo(200);

        ConsoleClient platform = signedInAdmin();
        for (String page : List.of("/console/connectors", "/console/competitors", "/console/policy",
                "/console/connectors/shopify/drift", "/console/connectors/shopify/deliveries")) {
            assertThat(platform.get(page).status()).as(page).isEqualTo(403);
        }
    }

    @Test
    void adminActionsWithoutTheCsrfTokenAreRefused() {
        ConsoleClient admin = signedInAdmin();
        admin.get("/console/admin");
        assertThat(admin.postRaw("/console/admin/tenants", Map.of("name", "No Csrf", "defaultCurrency", "USD")).status())
                .isEqualTo(403);
        Api.TenantToken acme = api.newTenant("Console Csrf Revoke");
        assertThat(admin.postRaw("/console/admin/tenants/" + acme.tenantId() + "/tokens/" + acme.tokenId() + "/revoke",
                Map.of()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/competitors", acme.token()).status()).isEqualTo(200);
        assertThat(admin.get("/console/admin").body()).doesNotContain("No Csrf");
    }

    private ConsoleClient signedInAdmin() {
        ConsoleClient admin = new ConsoleClient(port);
        Page signedIn = admin.signInWithToken(api.adminToken());
        assertThat(signedIn.location()).endsWith("/console/admin");
        return admin;
    }

    /** Walks the tenant list's pages by its Next link until one shows the text. */
    private static boolean listedOnSomePage(ConsoleClient admin, String text) {
        for (int page = 0; page < 1000; page++) {
            String body = admin.get("/console/admin?page=" + page).body();
            if (body.contains(text)) {
                return true;
            }
            if (!body.contains(">Next</a>")) {
                return false;
            }
        }
        return false;
    }
}
