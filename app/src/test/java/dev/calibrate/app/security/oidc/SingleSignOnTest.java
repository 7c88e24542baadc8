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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on to the console through an OIDC provider (a fake one, {@link FakeOidcProvider}), over real HTTP
 * from the sign-in page's button to the dashboard: who is let in (an invited, enabled person, by verified email
 * the first time and by the provider's iss+sub after), and every way in that is refused. Its own application,
 * started after the provider, so that no other test runs with single sign-on on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleSignOnTest {

    private static final String ADMIN_TOKEN = "single-sign-on-admin-token-0123456789abcdef";
    private static final String PROVIDER = "Acme Login";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration SLOW = Duration.ofSeconds(6);

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
                "--calibrate.oidc.display-name=" + PROVIDER,
                "--calibrate.oidc.timeout=" + TIMEOUT.toMillis() + "ms",
                "--calibrate.oidc.retry-after=" + RETRY_AFTER.toMillis() + "ms");
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

    /** First, while the provider has not been discovered yet (the other tests may run in any order after it). */
    @Test
    @Order(1)
    void aSlowProviderMakesTheButtonAnswerUnavailableWithinTheTimeoutAndTheApiKeepsAnswering() throws Exception {
        Api.TenantToken acme = api.newTenant("SSO Slow");
        provider.slow("/.well-known/openid-configuration", SLOW);
        try {
            ConsoleClient first = new ConsoleClient(port);
            long started = System.nanoTime();
            CompletableFuture<Page> asking = CompletableFuture.supplyAsync(() -> first.get(ConsoleSingleSignOn.START));
            while (provider.discoveries() == 0 && System.nanoTime() - started < SLOW.toNanos()) {
                Thread.sleep(10);
            }
            // while one request waits for the provider, another does not, and the API answers as ever
            long meanwhile = System.nanoTime();
            Page second = new ConsoleClient(port).get(ConsoleSingleSignOn.START);
            assertThat(second.location()).endsWith("/console/login?sso=unavailable");
            assertThat(api.get("/api/v1/users", acme.token()).status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - meanwhile)).isLessThan(TIMEOUT);

            Page waited = asking.get(30, TimeUnit.SECONDS);
            assertThat(waited.location()).endsWith("/console/login?sso=unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the timeout, not the provider's delay")
                    .isLessThan(SLOW.minusSeconds(1));
            Page shown = first.get("/console/login?sso=unavailable");
            assertThat(shown.body()).contains("not available right now");
            assertThat(provider.discoveries()).as("asked once").isEqualTo(1);
        } finally {
            provider.slow("/.well-known/openid-configuration", Duration.ZERO);
        }
        Thread.sleep(RETRY_AFTER.toMillis() + 200);
        Invited once = people.invite(acme.token(), Invitations.email("once"), "viewer");
        signedIn(Identity.of("once-sub", once.email()));
    }

    @Test
    void aSlowTokenEndpointEndsTheCallbackAsUnavailableWithinTheTimeout() {
        Invited pia = people.invite(api.newTenant("SSO Slow Token").token(), Invitations.email("pia"), "admin");
        provider.next(Identity.of("pia-sub", pia.email()));
        ConsoleClient browser = new ConsoleClient(port);
        String callback = callbackFromProvider(browser);
        provider.slow("/token", SLOW);
        try {
            long started = System.nanoTime();
            Page landed = browser.get(callback);
            assertThat(landed.location()).endsWith("/console/login?sso=unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SLOW.minusSeconds(1));
        } finally {
            provider.slow("/token", Duration.ZERO);
        }
        assertThat(browser.get("/console").location()).endsWith("/console/login");
        assertNotLinked(pia);
    }

    @Test
    void theSessionIdChangesOnSignInThroughTheProvider() {
        Invited quin = people.invite(api.newTenant("SSO Fixation").token(), Invitations.email("quin"), "admin");
        provider.next(Identity.of("quin-sub", quin.email()));
        ConsoleClient browser = new ConsoleClient(port);
        String callback = callbackFromProvider(browser);
        String before = browser.sessionCookie();
        assertThat(before).as("the flow keeps its state in a session").isNotNull();
        assertThat(browser.get(callback).location()).endsWith("/console");
        assertThat(browser.sessionCookie()).isNotNull().isNotEqualTo(before);
    }

    @Test
    void aCallbackThatSignedSomeoneInCannotBeUsedAgain() {
        Invited rey = people.invite(api.newTenant("SSO Replay").token(), Invitations.email("rey"), "admin");
        provider.next(Identity.of("rey-sub", rey.email()));
        ConsoleClient browser = new ConsoleClient(port);
        String callback = callbackFromProvider(browser);
        assertThat(browser.get(callback).location()).endsWith("/console");

        assertThat(browser.get(callback).location()).as("the same browser").endsWith("/console/login?sso=failed");
        ConsoleClient thief = new ConsoleClient(port);
        thief.get("/console/login");
        assertThat(thief.get(callback).location()).as("another browser").endsWith("/console/login?sso=failed");
        assertThat(thief.get("/console").location()).endsWith("/console/login");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        Invited sam = people.invite(api.newTenant("SSO Issuer").token(), Invitations.email("sam"), "admin");
        assertRefused(Identity.of("sam-sub", sam.email()).fromIssuer("https://evil.example"), "failed",
                "could not be verified");
        assertNotLinked(sam);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Invited tia = people.invite(api.newTenant("SSO Expired").token(), Invitations.email("tia"), "admin");
        assertRefused(Identity.of("tia-sub", tia.email()).expired(), "failed", "could not be verified");
        assertNotLinked(tia);
    }

    @Test
    void signingInThroughTheProviderUsesUpTheInvitationLink() {
        Invited uma = people.invite(api.newTenant("SSO Invitation").token(), Invitations.email("uma"), "admin");
        signedIn(Identity.of("uma-sub", uma.email()));

        ConsoleClient holder = new ConsoleClient(port);
        assertThat(holder.get(uma.link()).status()).as("the link opens no form").isEqualTo(404);
        Page set = holder.post(uma.link(), Map.of("password", Invitations.PASSWORD, "confirm", Invitations.PASSWORD));
        assertThat(set.status()).as("the link no longer sets a password").isEqualTo(404);
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            assertThat(owner.query("SELECT invitation_hash, invitation_expires_at, password_hash FROM user_credential"
                    + " WHERE user_id = ?::uuid", uma.id())).singleElement()
                    .satisfies(row -> assertThat(row.values()).containsOnlyNulls());
        }
    }

    @Test
    void aPersonWhoseInvitationExpiredBeforeJoiningIsNotLinked() {
        Invited vic = people.invite(api.newTenant("SSO Late").token(), Invitations.email("vic"), "admin");
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            owner.execute("UPDATE user_credential SET invitation_expires_at = now() - interval '1 minute'"
                    + " WHERE user_id = '" + vic.id() + "'");
        }
        assertRefused(Identity.of("vic-sub", vic.email()), "invitation-expired", "invitation has expired");
        assertNotLinked(vic);
    }

    @Test
    void aReinvitationRemovesTheLinkSoTheNextSignInLinksAfreshByEmail() {
        Api.TenantToken acme = api.newTenant("SSO Reinvite");
        Invited wes = people.invite(acme.token(), Invitations.email("wes"), "admin");
        ConsoleClient before = signedIn(Identity.of("wes-old-sub", wes.email()));
        ConsoleClient admin = new ConsoleClient(port);
        admin.signInWithToken(acme.token());
        assertThat(admin.get("/console/users").body()).as("the People screen shows the link")
                .contains(wes.email(), ">single sign-on</span>");
        assertThat(api.post("/api/v1/users/" + wes.id() + "/invitation", acme.token(), Map.of()).status())
                .isLessThan(300);
        assertNotLinked(wes);
        assertThat(before.get("/console").location()).as("sessions end too").endsWith("/console/login");
        assertThat(admin.get("/console/users").body()).contains(wes.email()).doesNotContain(">single sign-on</span>");

        signedIn(Identity.of("wes-new-sub", wes.email()));
        try (Sql owner = Sql.connect(app.getEnvironment())) {
            assertThat(owner.query("SELECT subject FROM user_identity WHERE user_id = ?::uuid", wes.id()))
                    .containsExactly(Map.of("subject", "wes-new-sub"));
        }
        assertRefused(Identity.of("wes-old-sub", wes.email()), "linked-elsewhere", "linked to another identity");
    }

    @Test
    void anAddressThatOnlyFoldsToThePersonsIsNotTheirs() {
        Invited kim = people.invite(api.newTenant("SSO Kelvin").token(), "kim-" + Invitations.email("k"), "admin");
        String lookAlike = "\u212A" + kim.email().substring(1);
        assertRefused(Identity.of("kelvin-sub", lookAlike), "unknown-person", "invite you first");
        assertRefused(Identity.of("wide-sub", "\uFF4B" + kim.email().substring(1)), "unknown-person",
                "invite you first");
        assertNotLinked(kim);
        signedIn(Identity.of("ascii-kim-sub", "K" + kim.email().substring(1)));
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
