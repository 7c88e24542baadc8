package dev.calibrate.app.console.people;

import dev.calibrate.app.security.people.UserAccounts;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.users.Invitations;
import dev.calibrate.app.users.Invitations.Invited;
import dev.calibrate.kernel.tenant.UserId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The edges a review found in people's sign-in: each was a 5xx, a race or a way to lock a tenant out. */
class PeopleHardeningTest extends IntegrationTest {

    @Autowired
    UserAccounts accounts;

    @Test
    void aPasswordLongerThanBcryptReadsIsRefusedAtItsFieldNotA500() {
        Api.TenantToken acme = api.newTenant("Hardening Long");
        Invited bob = new Invitations(api, port).invite(acme.token(), Invitations.email("bob"), "viewer");
        ConsoleClient browser = new ConsoleClient(port);
        browser.get(bob.link());
        // 25 letters, 75 bytes in UTF-8: long enough by letters, too long for bcrypt by bytes
        String han = "価格".repeat(12) + "価";
        Page refused = browser.post(bob.link(), Map.of("password", han, "confirm", han));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Use at most 72 bytes");
        assertThat(browser.get(bob.link()).status()).as("the link still works").isEqualTo(200);
    }

    @Test
    void anInvitationLinkReplacedOrUsedWhileItsPageWasOpenSetsNothing() {
        Api.TenantToken acme = api.newTenant("Hardening Link");
        Invitations people = new Invitations(api, port);
        Invited ivy = people.invite(acme.token(), Invitations.email("ivy"), "viewer");
        ConsoleClient open = new ConsoleClient(port);
        assertThat(open.get(ivy.link()).status()).isEqualTo(200);

        Api.Response again = api.post("/api/v1/users/" + ivy.id() + "/invitation", acme.token(), null);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        Page stale = open.post(ivy.link(), Map.of("password", Invitations.PASSWORD, "confirm", Invitations.PASSWORD));
        assertThat(stale.status()).isEqualTo(404);
        assertThat(Invitations.signIn(new ConsoleClient(port), ivy.email(), Invitations.PASSWORD).status())
                .as("the stale link set no password").isEqualTo(401);

        Invited renewed = new Invited(ivy.id(), ivy.email(), again.json().get("invitationLink").asText());
        ConsoleClient first = new ConsoleClient(port);
        ConsoleClient second = new ConsoleClient(port);
        first.get(renewed.link());
        second.get(renewed.link());
        Page used = first.post(renewed.link(), Map.of("password", Invitations.PASSWORD, "confirm", Invitations.PASSWORD));
        assertThat(used.status()).isEqualTo(302);
        Page twice = second.post(renewed.link(), Map.of("password", "another passphrase here", "confirm",
                "another passphrase here"));
        assertThat(twice.status()).as("the second submit of one link").isEqualTo(404);
        assertThat(Invitations.signIn(new ConsoleClient(port), ivy.email(), Invitations.PASSWORD).status())
                .isEqualTo(302);
    }

    @Test
    void attemptsAreTakenOneAtATimeAndALockedAccountTakesNoneUntilTheLockEnds() {
        Api.TenantToken acme = api.newTenant("Hardening Lock");
        Invitations people = new Invitations(api, port);
        Invited kim = people.invite(acme.token(), Invitations.email("kim"), "viewer");
        people.activate(kim, Invitations.PASSWORD);
        UserId id = new UserId(UUID.fromString(kim.id()));

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(accounts.takeSignInAttempt(id, 3, Duration.ofMinutes(15))).as("attempt " + attempt).isTrue();
        }
        assertThat(accounts.takeSignInAttempt(id, 3, Duration.ofMinutes(15))).as("the fourth, while locked").isFalse();
        assertThat(Invitations.signIn(new ConsoleClient(port), kim.email(), Invitations.PASSWORD).status())
                .as("even the right password while locked").isEqualTo(401);

        Invited lee = people.invite(acme.token(), Invitations.email("lee"), "viewer");
        people.activate(lee, Invitations.PASSWORD);
        UserId leeId = new UserId(UUID.fromString(lee.id()));
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(accounts.takeSignInAttempt(leeId, 2, Duration.ZERO)).isTrue();
        }
        // a lock that has ended: the count starts again at one, so one more attempt does not lock again
        assertThat(accounts.takeSignInAttempt(leeId, 2, Duration.ZERO)).isTrue();
        assertThat(Invitations.signIn(new ConsoleClient(port), lee.email(), Invitations.PASSWORD).status())
                .isEqualTo(302);
    }

    @Test
    void anAdminCannotTakeTheAdminRoleFromThemselvesNorDisableThemselves() {
        Api.TenantToken acme = api.newTenant("Hardening Self");
        Invitations people = new Invitations(api, port);
        Invited ada = people.invite(acme.token(), Invitations.email("ada"), "admin");
        people.activate(ada, Invitations.PASSWORD);
        ConsoleClient browser = new ConsoleClient(port);
        assertThat(Invitations.signIn(browser, ada.email(), Invitations.PASSWORD).status()).isEqualTo(302);
        browser.get("/console/users");

        Page demoted = browser.post("/console/users/" + ada.id() + "/roles", Map.of("roles", "viewer"));
        assertThat(demoted.status()).isEqualTo(400);
        assertThat(demoted.body()).contains("you cannot take the admin role from yourself");
        Page disabled = browser.post("/console/users/" + ada.id() + "/disable", Map.of());
        assertThat(disabled.status()).isEqualTo(400);
        assertThat(disabled.body()).contains("you cannot disable yourself");
        assertThat(browser.get("/console/users").status()).as("still an admin, still signed in").isEqualTo(200);
    }

    @Test
    void anAuditInstantPastAnyCalendarIsRefusedNotA500() {
        Api.TenantToken acme = api.newTenant("Hardening Audit");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        String far = "%2B1000000000-12-31T23:59:59.999999999Z";
        assertThat(browser.get("/console/audit/explain?entityType=product&entityId=x&eventId=y&at=" + far).status())
                .isEqualTo(404);
        assertThat(browser.get("/console/audit?from=" + far).status()).isEqualTo(400);
    }
}
