package dev.calibrate.app.console.people;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.users.Invitations;
import dev.calibrate.app.users.Invitations.Invited;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.calibrate.app.users.Invitations.PASSWORD;
import static dev.calibrate.app.users.Invitations.signIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's way in: the invitation page sets a password, the sign-in page takes email and password,
 * failures all look alike and lock the account, and the session follows the person's state on every click.
 */
class UserSignInTest extends IntegrationTest {

    private static final String WRONG = "Wrong email or password.";

    @Test
    void anInvitedPersonSetsAPasswordAndSignsInAsThemselvesWithTheirRolesScopes() {
        Api.TenantToken acme = api.newTenant("Sign-in Acme");
        Invitations people = new Invitations(api, port);
        Invited alice = people.invite(acme.token(), Invitations.email("alice"), "viewer");
        ConsoleClient browser = new ConsoleClient(port);

        Page invitation = browser.get(alice.link());
        assertThat(invitation.status()).isEqualTo(200);
        assertThat(invitation.body()).contains(alice.email()).contains("name=\"_csrf\"");
        assertThat(invitation.header("Referrer-Policy")).isEqualTo("no-referrer");
        Page set = browser.post(alice.link(), Map.of("password", PASSWORD, "confirm", PASSWORD));
        assertThat(set.location()).endsWith("/console/login?activated");
        assertThat(browser.get(alice.link()).status()).as("the link is used up").isEqualTo(404);
        assertThat(browser.get("/console/login?activated").body()).contains("Your password is set.");

        String before = browser.sessionCookie();
        Page signedIn = signIn(browser, alice.email().toUpperCase(), PASSWORD);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
        assertThat(signedIn.location()).endsWith("/console");
        assertThat(browser.sessionCookie()).isNotEqualTo(before);
        Page dashboard = browser.get("/console");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains(alice.email());
        // a viewer: no People screen, in the nav or behind it
        assertThat(dashboard.body()).doesNotContain("/console/users");
        assertThat(browser.get("/console/users").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + alice.id(), acme.token()).json().get("state").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void theLoginPageHasThePasswordFormAboveTheTokenForm() {
        Page login = new ConsoleClient(port).get("/console/login");
        assertThat(login.body().indexOf("name=\"password\"")).isPositive()
                .isLessThan(login.body().indexOf("name=\"token\""));
    }

    @Test
    void aPasswordIsRefusedNextToItsFieldWhenTooShortTooLongTheEmailOrNotRepeated() {
        Api.TenantToken acme = api.newTenant("Sign-in Rules");
        Invited bob = new Invitations(api, port).invite(acme.token(), Invitations.email("bob"), "viewer");
        ConsoleClient browser = new ConsoleClient(port);
        browser.get(bob.link());

        assertRefused(browser, bob, "short-pass1", "short-pass1", "Use at least 12 characters.");
        assertRefused(browser, bob, "x".repeat(73), "x".repeat(73), "Use at most 72 bytes");
        assertRefused(browser, bob, bob.email().toUpperCase(), bob.email().toUpperCase(),
                "Your password must not be your email address.");
        assertRefused(browser, bob, PASSWORD, PASSWORD + "!", "Type the same password twice.");
        assertThat(browser.postRaw(bob.link(), Map.of("password", PASSWORD, "confirm", PASSWORD)).status())
                .as("without the CSRF token").isEqualTo(403);
        assertThat(browser.get(bob.link()).status()).as("nothing used the link up").isEqualTo(200);
        assertThat(new ConsoleClient(port).get("/console/invitations/not-a-secret").status()).isEqualTo(404);
        assertThat(new ConsoleClient(port).get("/console/invitations/" + "A".repeat(43)).status()).isEqualTo(404);
    }

    @Test
    void unknownEmailWrongPasswordNotYetActivatedAndDisabledAllSayTheSameAndKeepTheEmail() {
        Api.TenantToken acme = api.newTenant("Sign-in Oracle");
        Invitations people = new Invitations(api, port);
        Invited carol = people.invite(acme.token(), Invitations.email("carol"), "viewer");
        Invited dave = people.invite(acme.token(), Invitations.email("dave"), "viewer");
        people.activate(dave, PASSWORD);
        Invited erin = people.invite(acme.token(), Invitations.email("erin"), "viewer");
        people.activate(erin, PASSWORD);
        api.send("PATCH", "/api/v1/users/" + erin.id(), acme.token(), Map.of("disabled", true));

        for (Map.Entry<String, String> attempt : List.of(
                Map.entry(Invitations.email("nobody"), PASSWORD),
                Map.entry(dave.email(), PASSWORD + "?"),
                Map.entry(carol.email(), PASSWORD),
                Map.entry(erin.email(), PASSWORD),
                Map.entry(dave.email(), ""),
                Map.entry("", PASSWORD))) {
            ConsoleClient browser = new ConsoleClient(port);
            Page refused = signIn(browser, attempt.getKey(), attempt.getValue());
            assertThat(refused.status()).as("%s", attempt).isEqualTo(401);
            assertThat(refused.body()).contains(WRONG).doesNotContainIgnoringCase("locked until")
                    .contains("value=\"" + attempt.getKey() + "\"");
            assertThat(browser.get("/console").status()).isEqualTo(302);
        }
        ConsoleClient browser = new ConsoleClient(port);
        browser.get("/console/login");
        assertThat(browser.postRaw("/console/login", Map.of("email", dave.email(), "password", PASSWORD)).status())
                .as("without the CSRF token").isEqualTo(403);
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountEvenForTheRightOneUntilAReinvitation() {
        Api.TenantToken acme = api.newTenant("Sign-in Lockout");
        Invitations people = new Invitations(api, port);
        Invited frank = people.invite(acme.token(), Invitations.email("frank"), "viewer");
        people.activate(frank, PASSWORD);
        ConsoleClient browser = new ConsoleClient(port);

        for (int i = 0; i < 5; i++) {
            assertThat(signIn(browser, frank.email(), "wrong password " + i).body()).contains(WRONG);
        }
        Page locked = signIn(browser, frank.email(), PASSWORD);
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.body()).contains(WRONG).contains("locked for 15 minutes");

        Api.Response reset = api.post("/api/v1/users/" + frank.id() + "/invitation", acme.token(), null);
        assertThat(signIn(browser, frank.email(), PASSWORD).status()).as("the reset ended the password").isEqualTo(401);
        String newPassword = "another long passphrase";
        people.activate(new Invited(frank.id(), frank.email(), reset.json().get("invitationLink").asText()), newPassword);
        assertThat(signIn(browser, frank.email(), newPassword).status()).isEqualTo(302);
    }

    @Test
    void fewerWrongPasswordsThanTheLimitDoNotLockAndASignInStartsTheCountAgain() {
        Api.TenantToken acme = api.newTenant("Sign-in Count");
        Invitations people = new Invitations(api, port);
        Invited gina = people.invite(acme.token(), Invitations.email("gina"), "viewer");
        people.activate(gina, PASSWORD);

        for (int round = 0; round < 2; round++) {
            ConsoleClient browser = new ConsoleClient(port);
            for (int i = 0; i < 4; i++) {
                signIn(browser, gina.email(), "wrong password " + i);
            }
            assertThat(signIn(browser, gina.email(), PASSWORD).status()).as("round %s", round).isEqualTo(302);
        }
    }

    @Test
    void disablingAPersonEndsTheirSessionOnTheNextClickAndChangedRolesApplyAtOnce() {
        Api.TenantToken acme = api.newTenant("Sign-in Session");
        Invitations people = new Invitations(api, port);
        Invited hank = people.invite(acme.token(), Invitations.email("hank"), "viewer");
        people.activate(hank, PASSWORD);
        ConsoleClient browser = new ConsoleClient(port);
        signIn(browser, hank.email(), PASSWORD);
        assertThat(browser.get("/console/users").status()).isEqualTo(403);

        api.send("PATCH", "/api/v1/users/" + hank.id(), acme.token(), Map.of("roles", List.of("admin")));
        assertThat(browser.get("/console/users").status()).isEqualTo(200);

        api.send("PATCH", "/api/v1/users/" + hank.id(), acme.token(), Map.of("disabled", true));
        Page after = browser.get("/console");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).endsWith("/console/login");

        api.send("PATCH", "/api/v1/users/" + hank.id(), acme.token(), Map.of("disabled", false));
        assertThat(browser.get("/console").status()).as("the ended session stays ended").isEqualTo(302);
        assertThat(signIn(browser, hank.email(), PASSWORD).status()).isEqualTo(302);
    }

    @Test
    void aReinvitationEndsThePersonsSessions() {
        Api.TenantToken acme = api.newTenant("Sign-in Reset");
        Invitations people = new Invitations(api, port);
        Invited ivy = people.invite(acme.token(), Invitations.email("ivy"), "viewer");
        people.activate(ivy, PASSWORD);
        ConsoleClient browser = new ConsoleClient(port);
        signIn(browser, ivy.email(), PASSWORD);
        assertThat(browser.get("/console").status()).isEqualTo(200);

        Api.Response reset = api.post("/api/v1/users/" + ivy.id() + "/invitation", acme.token(), null);
        people.activate(new Invited(ivy.id(), ivy.email(), reset.json().get("invitationLink").asText()), PASSWORD);

        assertThat(browser.get("/console").status()).isEqualTo(302);
    }

    private static void assertRefused(ConsoleClient browser, Invited invited, String password, String confirm,
                                      String error) {
        Page refused = browser.post(invited.link(), Map.of("password", password, "confirm", confirm));
        assertThat(refused.status()).as(error).isEqualTo(400);
        assertThat(refused.body()).contains(error).contains("aria-invalid=\"true\"");
    }
}
