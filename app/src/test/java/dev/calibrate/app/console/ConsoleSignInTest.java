package dev.calibrate.app.console;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's session chain: token sign-in, the cookie, CSRF, sign-out, and a revoked token ending the session. */
class ConsoleSignInTest extends IntegrationTest {

    @Test
    void aPageNeedsASignedInSessionAndSendsTheBrowserToSignIn() {
        ConsoleClient browser = new ConsoleClient(port);
        Page page = browser.get("/console");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).endsWith("/console/login");

        Page fragment = browser.htmx("GET", "/console", Map.of());
        assertThat(fragment.status()).isEqualTo(401);
        assertThat(fragment.header("HX-Redirect")).isEqualTo("/console/login");
    }

    @Test
    void withoutAnOidcProviderConfiguredThereIsNoSingleSignOn() {
        ConsoleClient browser = new ConsoleClient(port);
        Page login = browser.get("/console/login?sso=failed");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).doesNotContain("Sign in with single sign-on").doesNotContain("oauth2")
                .doesNotContain("could not be verified");

        Page start = browser.get("/console/login/oauth2/authorization/oidc");
        assertThat(start.status()).as("no provider to send anyone to").isLessThan(500)
                .isNotEqualTo(302);
        assertThat(browser.get("/console/login/oauth2/code/oidc?code=x&state=y").status()).isLessThan(500);
        assertThat(browser.get("/console").location()).endsWith("/console/login");
    }

    @Test
    void aTokenSignsInWithAnHttpOnlyLaxCookieAndANewSessionId() {
        Api.TenantToken acme = api.newTenant("Console Acme");
        ConsoleClient browser = new ConsoleClient(port);
        Page login = browser.get("/console/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"token\"").contains("name=\"_csrf\"");
        String before = browser.sessionCookie();

        Page signedIn = browser.post("/console/login/token", Map.of("token", acme.token()));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).endsWith("/console");
        String cookie = signedIn.headerValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("CALIBRATE_SESSION=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax");
        assertThat(browser.sessionCookie()).isNotEqualTo(before);

        Page dashboard = browser.get("/console");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Dashboard");
        assertThat(dashboard.header("Content-Security-Policy")).contains("script-src 'self'");
    }

    @Test
    void aBadTokenIsRefusedOnThePageAndStartsNoSession() {
        ConsoleClient browser = new ConsoleClient(port);
        browser.get("/console/login");
        Page refused = browser.post("/console/login/token",
                Map.of("token", "clb_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("That token does not sign in: invalid token.");
        assertThat(browser.get("/console").status()).isEqualTo(302);

        Page empty = browser.post("/console/login/token", Map.of("token", "  "));
        assertThat(empty.status()).isEqualTo(401);
        assertThat(empty.body()).contains("Paste an API token.");

        Page control = browser.post("/console/login/token", Map.of("token", "clb_\u0000x"));
        assertThat(control.status()).isEqualTo(401);
        assertThat(control.body()).contains("That is not a Calibrate token.");

        Page operator = browser.post("/console/login/token", Map.of("token", api.operatorToken()));
        assertThat(operator.status()).isEqualTo(401);
        assertThat(operator.body()).contains("an operator token only reads health details");
    }

    @Test
    void aStateChangingRequestWithoutTheCsrfTokenIsRefused() {
        Api.TenantToken acme = api.newTenant("Console Csrf");
        ConsoleClient browser = new ConsoleClient(port);
        browser.get("/console/login");
        assertThat(browser.postRaw("/console/login/token", Map.of("token", acme.token())).status()).isEqualTo(403);

        browser.signInWithToken(acme.token());
        browser.get("/console");
        assertThat(browser.postRaw("/console/logout", Map.of()).status()).isEqualTo(403);
        assertThat(browser.postRaw("/console/logout", Map.of("_csrf", "forged")).status()).isEqualTo(403);
        assertThat(browser.get("/console").status()).isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSession() {
        Api.TenantToken acme = api.newTenant("Console Signout");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        String session = browser.sessionCookie();
        browser.get("/console");

        Page out = browser.post("/console/logout", Map.of());
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).endsWith("/console/login?signedOut");
        assertThat(browser.get("/console").status()).isEqualTo(302);

        ConsoleClient replay = new ConsoleClient(port);
        assertThat(replay.get("/console/login").status()).isEqualTo(200);
        assertThat(session).isNotNull();
    }

    @Test
    void revokingTheTokenEndsItsSessionsOnTheNextRequest() {
        Api.TenantToken acme = api.newTenant("Console Revoke");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        assertThat(browser.get("/console").status()).isEqualTo(200);

        assertThat(api.delete("/admin/v1/tenants/" + acme.tenantId() + "/tokens/" + acme.tokenId(),
                api.adminToken()).status()).isEqualTo(204);
        Page after = browser.get("/console");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).endsWith("/console/login");
    }

    @Test
    void theSessionCookieDoesNotAuthenticateTheApiNorABearerTokenTheConsole() {
        Api.TenantToken acme = api.newTenant("Console Chains");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        Api.Response apiWithCookie = api.get("/api/v1/products", null,
                "Cookie", "CALIBRATE_SESSION=" + browser.sessionCookie());
        assertThat(apiWithCookie.status()).isEqualTo(401);

        Api.Response consoleWithBearer = api.get("/console", acme.token());
        assertThat(consoleWithBearer.status()).isEqualTo(302);
    }

    @Test
    void theAdminTokenSignsInToThePlatformScreensOnly() {
        ConsoleClient browser = new ConsoleClient(port);
        Page signedIn = browser.signInWithToken(ADMIN_TOKEN);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).endsWith("/console/admin");
        assertThat(browser.get("/console").location()).endsWith("/console/admin");
    }
}
