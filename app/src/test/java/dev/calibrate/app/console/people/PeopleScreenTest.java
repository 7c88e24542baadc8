package dev.calibrate.app.console.people;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.users.Invitations;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The People screen: the list, the invitation form that shows the link once, roles, disable, enable, invite again. */
class PeopleScreenTest extends IntegrationTest {

    private static final Pattern LINK = Pattern.compile("value=\"(/console/invitations/[A-Za-z0-9_-]{43})\"");

    @Test
    void anAdminInvitesSomeoneAndSeesTheLinkOnceThenTheirRow() {
        Api.TenantToken acme = api.newTenant("People Screen");
        ConsoleClient admin = new ConsoleClient(port);
        admin.signInWithToken(acme.token());
        Page empty = admin.get("/console/users");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("Nobody is invited yet").contains("aria-current=\"page\"");

        String email = Invitations.email("alice");
        Page invited = admin.post("/console/users", Map.of("email", email, "name", "<script>alert(1)</script>",
                "roles", "analyst"));
        assertThat(invited.status()).isEqualTo(302);
        assertThat(invited.location()).endsWith("/console/users");
        Page withLink = admin.get("/console/users");
        Matcher link = LINK.matcher(withLink.body());
        assertThat(link.find()).as(withLink.body()).isTrue();
        assertThat(withLink.body()).contains(email).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)</script>").contains("invited");
        assertThat(new ConsoleClient(port).get(link.group(1)).status()).isEqualTo(200);
        assertThat(admin.get("/console/users").body()).as("the link is shown once").doesNotContain(link.group(1));
    }

    @Test
    void anInvalidInvitationComesBackWithTheErrorNextToTheFieldAndWhatWasTyped() {
        Api.TenantToken acme = api.newTenant("People Screen Errors");
        ConsoleClient admin = new ConsoleClient(port);
        admin.signInWithToken(acme.token());
        admin.get("/console/users");

        Page badEmail = admin.post("/console/users", Map.of("email", "not an address", "name", "Bea", "roles", "viewer"));
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.body()).contains("id=\"invite-email-error\"").contains("must be an email address")
                .contains("value=\"not an address\"").contains("value=\"Bea\"");
        Page noRoles = admin.post("/console/users", Map.of("email", Invitations.email("bea"), "name", "Bea"));
        assertThat(noRoles.status()).isEqualTo(400);
        assertThat(noRoles.body()).contains("id=\"invite-roles-error\"").contains("must name at least one role");
        Page badRole = admin.post("/console/users", Map.of("email", Invitations.email("bea"), "name", "Bea",
                "roles", "owner"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.body()).contains("unknown role");
        Page blankName = admin.post("/console/users", Map.of("email", Invitations.email("bea"), "name", " ",
                "roles", "viewer"));
        assertThat(blankName.body()).contains("id=\"invite-name-error\"");

        String taken = Invitations.email("taken");
        new Invitations(api, port).invite(api.newTenant("People Screen Other").token(), taken, "viewer");
        Page duplicate = admin.post("/console/users", Map.of("email", taken, "name", "Bea", "roles", "viewer"));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.body()).contains("already belongs to someone").contains("value=\"" + taken + "\"");
        assertThat(admin.get("/console/users").body()).contains("Nobody is invited yet");
    }

    @Test
    void anAdminChangesRolesDisablesEnablesAndInvitesAgain() {
        Api.TenantToken acme = api.newTenant("People Screen Actions");
        Invitations.Invited carl = new Invitations(api, port).invite(acme.token(), Invitations.email("carl"), "viewer");
        ConsoleClient admin = new ConsoleClient(port);
        admin.signInWithToken(acme.token());
        admin.get("/console/users");
        String base = "/console/users/" + carl.id();

        Page none = admin.post(base + "/roles", Map.of());
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("Tick at least one role.").contains("id=\"roles-error-" + carl.id() + "\"");
        Map<String, String> two = new LinkedHashMap<>();
        two.put("roles", "approver");
        assertThat(admin.post(base + "/roles", two).status()).isEqualTo(302);
        assertThat(api.get("/api/v1/users/" + carl.id(), acme.token()).json().get("roles").get(0).asText())
                .isEqualTo("approver");

        admin.get("/console/users");
        assertThat(admin.post(base + "/disable", Map.of()).status()).isEqualTo(302);
        assertThat(admin.get("/console/users").body()).contains("disabled").contains(base + "/enable");
        assertThat(admin.post(base + "/invitation", Map.of()).status()).as("a disabled person is enabled first")
                .isEqualTo(409);
        admin.get("/console/users");
        assertThat(admin.post(base + "/enable", Map.of()).status()).isEqualTo(302);
        admin.get("/console/users");
        assertThat(admin.post(base + "/invitation", Map.of()).status()).isEqualTo(302);
        Page withLink = admin.get("/console/users");
        assertThat(LINK.matcher(withLink.body()).find()).isTrue();
        assertThat(new ConsoleClient(port).get(carl.link()).status()).as("the old link").isEqualTo(404);

        assertThat(admin.post("/console/users/" + java.util.UUID.randomUUID() + "/disable", Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void withoutTheAdminScopeTheScreenAndEveryActionAreRefused() {
        Api.TenantToken acme = api.newTenant("People Screen Forbidden");
        Invitations.Invited dan = new Invitations(api, port).invite(acme.token(), Invitations.email("dan"), "viewer");
        Api.TenantToken approver = api.token(acme.tenantId(), "catalog:read", "prices:approve");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(approver.token());
        Page dashboard = browser.get("/console");
        assertThat(dashboard.body()).doesNotContain("/console/users");

        assertThat(browser.get("/console/users").status()).isEqualTo(403);
        assertThat(browser.post("/console/users", Map.of("email", Invitations.email("x"), "name", "X",
                "roles", "admin")).status()).isEqualTo(403);
        String base = "/console/users/" + dan.id();
        assertThat(browser.post(base + "/roles", Map.of("roles", "admin")).status()).isEqualTo(403);
        assertThat(browser.post(base + "/disable", Map.of()).status()).isEqualTo(403);
        assertThat(browser.post(base + "/invitation", Map.of()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + dan.id(), acme.token()).json().get("roles").get(0).asText())
                .isEqualTo("viewer");

        ConsoleClient admin = new ConsoleClient(port);
        admin.signInWithToken(acme.token());
        admin.get("/console/users");
        assertThat(admin.postRaw(base + "/disable", Map.of()).status()).as("without the CSRF token").isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + dan.id(), acme.token()).json().get("state").asText())
                .isEqualTo("INVITED");
    }
}
