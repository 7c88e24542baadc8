package dev.calibrate.app.security.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.security.oidc.FakeOidcProvider.Identity;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.users.Invitations;
import dev.calibrate.app.users.Invitations.Invited;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on to the console through an OIDC provider (a fake one, {@link FakeOidcProvider}), over real HTTP
 * from the sign-in page's button to the dashboard: who is let in (an invited, enabled person, by verified email
 * the first time and by the provider's iss+sub after), and every way in that is refused. Its own application,
 * started after the provider, so that no other test runs with single sign-on on.
 */
class SingleSignOnTest {

    private static final String ADMIN_TOKEN = "single-sign-on-admin-token-0123456789abcdef";
    private static final String PROVIDER = "Acme Login";

    @TempDir
    static Path dataDir;
    private static FakeOidcProvider provider;
    private static ConfigurableApplicationContext app;
    private static int port;
    private static Api api;
    private static Invitations people;
    private static final HttpClient providerBrowser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        provider = new FakeOidcProvider();
        app = AppProcesses.startOnSharedPostgres(dataDir, ADMIN_TOKEN,
                "--calibrate.oidc.issuer-uri=" + provider.issuer(),
                "--calibrate.oidc.client-id=" + FakeOidcProvider.CLIENT_ID,
                "--calibrate.oidc.client-secret=" + FakeOidcProvider.CLIENT_SECRET,
                "--calibrate.oidc.display-name=" + PROVIDER);
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        api = new Api("http://localhost:" + port, ADMIN_TOKEN, app.getBean(ObjectMapper.class));
        people = new Invitations(api, port);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void anInvitedPersonSignsInThroughTheProviderAndActsWithTheirRolesUntilSignedOut() {
        Api.TenantToken acme = api.newTenant("SSO Acme");
        Invited alice = people.invite(acme.token(), Invitations.email("alice"), "analyst", "approver");
        ConsoleClient browser = new ConsoleClient(port);

        Page login = browser.get("/console/login");
        assertThat(login.body()).contains("Sign in with " + PROVIDER, "href=\"/console/login/oauth2/authorization/oidc\"")
                .doesNotContain(FakeOidcProvider.CLIENT_SECRET);
        provider.next(Identity.of("alice-sub", alice.email().toUpperCase()));
        Page landed = signInThroughProvider(browser);

        assertThat(landed.status()).as(landed.body()).isEqualTo(302);
        assertThat(landed.location()).endsWith("/console");
        Map<String, String> asked = provider.lastAuthorization();
        assertThat(asked).containsEntry("response_type", "code").containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "nonce", "code_challenge").doesNotContainKey("client_secret");
        assertThat(asked.get("redirect_uri")).isEqualTo("http://localhost:" + port + "/console/login/oauth2/code/oidc");
        assertThat(asked.get("scope").split(" ")).contains("openid", "email");

        Page dashboard = browser.get("/console");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains(alice.email()).doesNotContain("href=\"/console/users\"");
        assertThat(browser.get("/console/users").status()).as("analyst and approver, not admin").isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + alice.id(), acme.token()).json().get("state").asText())
                .as("signing in is joining, as setting a password is").isEqualTo("ACTIVE");
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            assertThat(owner.query("SELECT issuer, subject FROM user_identity WHERE user_id = ?::uuid", alice.id()))
                    .containsExactly(Map.of("issuer", provider.issuer(), "subject", "alice-sub"));
        }

        Page signedOut = browser.post("/console/logout", Map.of());
        assertThat(signedOut.location()).endsWith("/console/login?signedOut");
        assertThat(browser.get("/console").location()).endsWith("/console/login");

        // a second sign-in is not a second joining; the one joining names the person as its actor
        signedIn(Identity.of("alice-sub", alice.email()));
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            assertThat(owner.query("SELECT convert_from(metadata, 'UTF8') AS metadata FROM domainevententry"
                    + " WHERE aggregateidentifier = ? AND payloadtype LIKE '%UserActivated'", acme.tenantId()))
                    .singleElement().satisfies(e -> assertThat(e.get("metadata").toString()).contains("user:" + alice.id()));
        }
    }

    @Test
    void theSessionIsRecheckedOnEveryRequestAsAPasswordSessionIs() {
        Api.TenantToken acme = api.newTenant("SSO Recheck");
        Invited admin = people.invite(acme.token(), Invitations.email("ada"), "viewer");
        ConsoleClient browser = signedIn(Identity.of("ada-sub", admin.email()));
        assertThat(browser.get("/console/users").status()).isEqualTo(403);

        api.send("PATCH", "/api/v1/users/" + admin.id(), acme.token(), Map.of("roles", List.of("admin")));
        assertThat(browser.get("/console/users").status()).as("changed roles apply at once").isEqualTo(200);

        api.send("PATCH", "/api/v1/users/" + admin.id(), acme.token(), Map.of("disabled", true));
        assertThat(browser.get("/console").location()).as("disabled: the session ends").endsWith("/console/login");
    }

    @Test
    void aSecondSignInFindsThePersonByTheLinkEvenAfterTheirEmailChangedAtTheProvider() {
        Api.TenantToken acme = api.newTenant("SSO Link");
        Invited bea = people.invite(acme.token(), Invitations.email("bea"), "viewer");
        Invited carl = people.invite(acme.token(), Invitations.email("carl"), "admin");
        signedIn(Identity.of("bea-sub", bea.email()));

        // the provider now says bea-sub has carl's address: still Bea, never Carl
        ConsoleClient again = signedIn(Identity.of("bea-sub", carl.email()));
        Page dashboard = again.get("/console");
        assertThat(dashboard.body()).contains(bea.email()).doesNotContain(carl.email());
        assertThat(again.get("/console/users").status()).isEqualTo(403);
        // and an address the provider no longer verifies does not matter for a linked identity
        assertThat(signedIn(Identity.of("bea-sub", "nobody@elsewhere.example").unverified()).get("/console").body())
                .contains(bea.email());
    }

    @Test
    void aPersonLinkedToOneIdentityIsNotTakenOverByAnotherClaimingTheirEmail() {
        Api.TenantToken acme = api.newTenant("SSO Takeover");
        Invited dora = people.invite(acme.token(), Invitations.email("dora"), "admin");
        signedIn(Identity.of("dora-sub", dora.email()));

        assertRefused(Identity.of("mallory-sub", dora.email()), "linked-elsewhere",
                "linked to another identity at this provider");
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            assertThat(owner.query("SELECT subject FROM user_identity WHERE user_id = ?::uuid", dora.id()))
                    .containsExactly(Map.of("subject", "dora-sub"));
        }
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        Invited erin = people.invite(api.newTenant("SSO Key").token(), Invitations.email("erin"), "admin");
        assertRefused(Identity.of("erin-sub", erin.email()).signedByAnotherKey(), "failed", "could not be verified");
        assertNotLinked(erin);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        Invited fay = people.invite(api.newTenant("SSO Audience").token(), Invitations.email("fay"), "admin");
        assertRefused(Identity.of("fay-sub", fay.email()).forAudience("another-client"), "failed",
                "could not be verified");
        assertNotLinked(fay);
    }

    @Test
    void aTokenCarryingAnotherNonceIsRefused() {
        Invited gus = people.invite(api.newTenant("SSO Nonce").token(), Invitations.email("gus"), "admin");
        assertRefused(Identity.of("gus-sub", gus.email()).withNonce("replayed-nonce"), "failed",
                "could not be verified");
        assertNotLinked(gus);
    }

    @Test
    void aCallbackWithAnotherStateOrReplayedOrInAnotherBrowserIsRefused() {
        Invited hal = people.invite(api.newTenant("SSO State").token(), Invitations.email("hal"), "admin");
        provider.next(Identity.of("hal-sub", hal.email()));
        ConsoleClient browser = new ConsoleClient(port);
        String callback = callbackFromProvider(browser);

        Page forged = browser.get(callback.replaceFirst("state=[^&]+", "state=forged"));
        assertThat(forged.location()).endsWith("/console/login?sso=failed");
        assertThat(browser.get("/console").location()).endsWith("/console/login");

        ConsoleClient elsewhere = new ConsoleClient(port);
        elsewhere.get("/console/login");
        provider.next(Identity.of("hal-sub", hal.email()));
        String theirs = callbackFromProvider(new ConsoleClient(port));
        assertThat(elsewhere.get(theirs).location()).as("a callback started in another browser")
                .endsWith("/console/login?sso=failed");
        assertThat(elsewhere.get("/console").location()).endsWith("/console/login");
        assertNotLinked(hal);
    }

    @Test
    void anUnverifiedEmailIsRefused() {
        Invited ida = people.invite(api.newTenant("SSO Unverified").token(), Invitations.email("ida"), "admin");
        assertRefused(Identity.of("ida-sub", ida.email()).unverified(), "unverified-email", "not verified");
        assertNotLinked(ida);
    }

    @Test
    void aTokenWithoutAnEmailIsRefused() {
        assertRefused(Identity.of("jon-sub", null).withoutEmail(), "no-email", "did not tell us your email");
    }

    @Test
    void anEmailNobodyWasInvitedWithIsRefusedAndNobodyIsCreated() {
        String stranger = Invitations.email("stranger");
        assertRefused(Identity.of("stranger-sub", stranger), "unknown-person", "invite you first");
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            assertThat(owner.query("SELECT 1 FROM user_account WHERE email = ?", stranger)).isEmpty();
            assertThat(owner.query("SELECT 1 FROM user_identity WHERE subject = 'stranger-sub'")).isEmpty();
        }
    }

    @Test
    void aDisabledPersonIsRefusedBeforeAndAfterTheirIdentityIsLinked() {
        Api.TenantToken acme = api.newTenant("SSO Disabled");
        Invited kim = people.invite(acme.token(), Invitations.email("kim"), "admin");
        Invited lou = people.invite(acme.token(), Invitations.email("lou"), "admin");
        signedIn(Identity.of("lou-sub", lou.email()));
        api.send("PATCH", "/api/v1/users/" + kim.id(), acme.token(), Map.of("disabled", true));
        api.send("PATCH", "/api/v1/users/" + lou.id(), acme.token(), Map.of("disabled", true));

        assertRefused(Identity.of("kim-sub", kim.email()), "disabled", "account is disabled");
        assertNotLinked(kim);
        assertRefused(Identity.of("lou-sub", lou.email()), "disabled", "account is disabled");
    }

    @Test
    void anEmailIsOnePersonOnThePlatformSoItLeadsToOneTenant() {
        Api.TenantToken first = api.newTenant("SSO First");
        Api.TenantToken second = api.newTenant("SSO Second");
        Invited max = people.invite(first.token(), Invitations.email("max"), "admin");
        Api.Response twice = api.post("/api/v1/users", second.token(),
                Map.of("email", max.email(), "name", "Max again", "roles", List.of("admin")));
        assertThat(twice.status()).isEqualTo(409);

        ConsoleClient browser = signedIn(Identity.of("max-sub", max.email()));
        assertThat(browser.get("/console/users").body()).contains(max.email()).doesNotContain("Max again");
    }

    @Test
    void aSignInCancelledAtTheProviderOrAnUnknownRegistrationEndsOnTheSignInPage() {
        assertRefused(Identity.of("nia-sub", Invitations.email("nia")).denied(), "cancelled", "was cancelled");

        ConsoleClient browser = new ConsoleClient(port);
        Page unknown = browser.get("/console/login/oauth2/authorization/another");
        assertThat(unknown.status()).isEqualTo(302);
        assertThat(unknown.location()).endsWith("/console/login?sso=unavailable");
        Page made = browser.get("/console/login?sso=%3Cscript%3Ealert(1)%3C/script%3E");
        assertThat(made.status()).isEqualTo(200);
        assertThat(made.body()).contains("could not be verified").doesNotContain("<script>alert");
    }

    // ---- the browser's side of the flow

    /** Signs in through the provider as {@code identity} in a new browser, which it answers signed in. */
    private static ConsoleClient signedIn(Identity identity) {
        provider.next(identity);
        ConsoleClient browser = new ConsoleClient(port);
        Page landed = signInThroughProvider(browser);
        assertThat(landed.location()).as(landed.body()).endsWith("/console");
        return browser;
    }

    private static void assertRefused(Identity identity, String code, String message) {
        provider.next(identity);
        ConsoleClient browser = new ConsoleClient(port);
        Page landed = signInThroughProvider(browser);
        assertThat(landed.status()).isEqualTo(302);
        assertThat(landed.location()).endsWith("/console/login?sso=" + code);
        Page page = browser.get(landed.location().substring(landed.location().indexOf("/console")));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(message).contains("Sign in with " + PROVIDER);
        assertThat(browser.get("/console").location()).as("not signed in").endsWith("/console/login");
    }

    private static void assertNotLinked(Invited person) {
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            assertThat(owner.query("SELECT 1 FROM user_identity WHERE user_id = ?::uuid", person.id())).isEmpty();
        }
    }

    /** The button, the provider (which approves at once) and the callback: the page the callback answers. */
    private static Page signInThroughProvider(ConsoleClient browser) {
        return browser.get(callbackFromProvider(browser));
    }

    /** Follows the button to the provider and returns the callback path it redirects back to, not yet opened. */
    private static String callbackFromProvider(ConsoleClient browser) {
        browser.get("/console/login");
        Page toProvider = browser.get(ConsoleSingleSignOn.START);
        assertThat(toProvider.status()).as(toProvider.body()).isEqualTo(302);
        assertThat(toProvider.location()).startsWith(provider.issuer() + "/authorize?");
        String back = providerRedirect(toProvider.location());
        String app = "http://localhost:" + port;
        assertThat(back).startsWith(app + "/console/login/oauth2/code/oidc?");
        return back.substring(app.length());
    }

    private static String providerRedirect(String url) {
        try {
            HttpResponse<String> answer = providerBrowser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
            return answer.headers().firstValue("Location").orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
