package dev.calibrate.app.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.users.Invitations.Invited;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The people API: invitations, the list, roles, disable and enable, re-invitation, and every refusal. */
class UsersApiTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anInvitationAnswersThePersonAndAOneTimeLinkThatIsStoredOnlyAsAHash() {
        Api.TenantToken acme = api.newTenant("People Acme");
        String email = Invitations.email("alice");

        Api.Response invited = api.post("/api/v1/users", acme.token(),
                Map.of("email", email, "name", "  Alice Moreau ", "roles", List.of("analyst", "viewer")));

        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        JsonNode user = invited.json().get("user");
        assertThat(user.get("email").asText()).isEqualTo(email);
        assertThat(user.get("name").asText()).isEqualTo("Alice Moreau");
        assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactly("viewer", "analyst");
        assertThat(user.get("state").asText()).isEqualTo("INVITED");
        String link = invited.json().get("invitationLink").asText();
        assertThat(link).matches("/console/invitations/[A-Za-z0-9_-]{43}");
        assertThat(Instant.parse(invited.json().get("invitationExpiresAt").asText()))
                .isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(Duration.ofMinutes(1)));

        String secret = link.substring(link.lastIndexOf('/') + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE convert_from(payload, 'UTF8')"
                + " LIKE ?", Long.class, "%" + secret + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM user_credential WHERE encode(invitation_hash, 'escape')"
                + " LIKE ?", Long.class, "%" + secret + "%")).isZero();

        Api.Response one = api.get("/api/v1/users/" + user.get("id").asText(), acme.token());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("email").asText()).isEqualTo(email);
        Api.Response list = api.get("/api/v1/users", acme.token());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("total").asLong()).isEqualTo(1);
        assertThat(list.json().get("items").get(0).get("id").asText()).isEqualTo(user.get("id").asText());
    }

    @Test
    void theLifecycleIsRecordedAsEventsOfTheTenantWithTheAdminAsActorAndNoSecrets() {
        Api.TenantToken acme = api.newTenant("People Events");
        Invitations people = new Invitations(api, port);
        Invited bob = people.invite(acme.token(), Invitations.email("bob"), "viewer");

        assertThat(api.send("PATCH", "/api/v1/users/" + bob.id(), acme.token(),
                Map.of("roles", List.of("approver"))).json().get("roles").get(0).asText()).isEqualTo("approver");
        assertThat(api.send("PATCH", "/api/v1/users/" + bob.id(), acme.token(), Map.of("disabled", true))
                .json().get("state").asText()).isEqualTo("DISABLED");
        assertProblem(api.post("/api/v1/users/" + bob.id() + "/invitation", acme.token(), null), 409, "conflict");
        Api.Response enabled = api.send("PATCH", "/api/v1/users/" + bob.id(), acme.token(), Map.of("disabled", false));
        assertThat(enabled.json().get("state").asText()).isEqualTo("INVITED");
        Api.Response again = api.post("/api/v1/users/" + bob.id() + "/invitation", acme.token(), null);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("invitationLink").asText()).isNotEqualTo(bob.link());
        people.activate(new Invited(bob.id(), bob.email(), again.json().get("invitationLink").asText()),
                Invitations.PASSWORD);

        List<Map<String, Object>> events = jdbc.queryForList("SELECT payloadtype, convert_from(payload, 'UTF8') AS"
                + " payload, convert_from(metadata, 'UTF8') AS metadata FROM domainevententry"
                + " WHERE aggregateidentifier = ? ORDER BY sequencenumber", acme.tenantId());
        assertThat(events).extracting(e -> e.get("payloadtype").toString().replaceAll(".*\\$", ""))
                .containsSubsequence("UserInvited", "UserRolesChanged", "UserDisabled", "UserEnabled", "UserReinvited",
                        "UserActivated");
        assertThat(events).filteredOn(e -> e.get("payloadtype").toString().endsWith("UserRolesChanged"))
                .allSatisfy(e -> assertThat(e.get("metadata").toString()).contains(acme.tokenId()));
        assertThat(events).filteredOn(e -> e.get("payloadtype").toString().endsWith("UserActivated"))
                .allSatisfy(e -> assertThat(e.get("metadata").toString()).contains("user:" + bob.id()));
        assertThat(events).allSatisfy(e -> assertThat(e.get("payload").toString())
                .doesNotContain("password", "invitation", "{bcrypt}"));
    }

    @Test
    void aReinvitationReplacesTheLink() {
        Api.TenantToken acme = api.newTenant("People Reinvite");
        Invitations people = new Invitations(api, port);
        Invited carol = people.invite(acme.token(), Invitations.email("carol"), "viewer");

        Api.Response again = api.post("/api/v1/users/" + carol.id() + "/invitation", acme.token(), null);

        assertThat(again.status()).isEqualTo(201);
        assertThat(new dev.calibrate.app.support.ConsoleClient(port).get(carol.link()).status()).isEqualTo(404);
        assertThat(new dev.calibrate.app.support.ConsoleClient(port)
                .get(again.json().get("invitationLink").asText()).status()).isEqualTo(200);
    }

    @Test
    void anEmailIsOnePersonOnTheWholePlatform() {
        Api.TenantToken acme = api.newTenant("People Unique A");
        Api.TenantToken other = api.newTenant("People Unique B");
        String email = Invitations.email("dora");
        new Invitations(api, port).invite(acme.token(), email, "viewer");

        assertProblem(api.post("/api/v1/users", acme.token(),
                Map.of("email", email, "name", "Dora", "roles", List.of("viewer"))), 409, "conflict");
        assertProblem(api.post("/api/v1/users", other.token(),
                Map.of("email", email.toUpperCase(), "name", "Dora", "roles", List.of("viewer"))), 409, "conflict");
        assertThat(api.get("/api/v1/users", other.token()).json().get("total").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-at-sign", "two@@acme.example", "a b@acme.example", "ålice@acme.example",
            "alice@acme", "alice@acme.example\n", "<script>@acme.example"})
    void anEmailThatIsNotAnAddressIs400NamingIt(String email) {
        Api.TenantToken acme = api.newTenant("People Bad Email");
        assertInvalidField(invite(acme, Map.of("email", email, "name", "X", "roles", List.of("viewer"))), "email");
    }

    @Test
    void everyOtherInvalidBodyIs400NamingTheField() {
        Api.TenantToken acme = api.newTenant("People Bad Bodies");
        String ok = Invitations.email("eve");
        assertInvalidField(invite(acme, Map.of("email", "a".repeat(190) + "@acme.example", "name", "X",
                "roles", List.of("viewer"))), "email");
        assertInvalidField(invite(acme, Map.of("email", ok, "name", "", "roles", List.of("viewer"))), "name");
        assertInvalidField(invite(acme, Map.of("email", ok, "name", "x".repeat(201), "roles", List.of("viewer"))), "name");
        assertInvalidField(invite(acme, Map.of("email", ok, "name", "Eve\u0000", "roles", List.of("viewer"))), "name");
        assertInvalidField(invite(acme, Map.of("email", ok, "name", "Eve", "roles", List.of())), "roles");
        assertInvalidField(invite(acme, Map.of("email", ok, "name", "Eve", "roles", List.of("owner"))), "roles[0]");
        assertInvalidField(invite(acme, Map.of("email", ok, "name", "Eve", "roles", "admin")), "roles");
        Map<String, Object> extra = new HashMap<>(Map.of("email", ok, "name", "Eve", "roles", List.of("viewer")));
        extra.put("password", "hunter2hunter2");
        assertProblem(invite(acme, extra), 400, "invalid-input");
        Map<String, Object> missing = Map.of("email", ok, "name", "Eve");
        assertProblem(invite(acme, missing), 400, "invalid-input");
        assertThat(api.get("/api/v1/users", acme.token()).json().get("total").asLong()).isZero();

        Invited eve = new Invitations(api, port).invite(acme.token(), ok, "viewer");
        assertInvalidField(api.send("PATCH", "/api/v1/users/" + eve.id(), acme.token(), Map.of("roles", List.of())),
                "roles");
        assertInvalidField(api.send("PATCH", "/api/v1/users/" + eve.id(), acme.token(), Map.of("disabled", "yes")),
                "disabled");
        assertProblem(api.get("/api/v1/users?size=0", acme.token()), 400, "invalid-input");
        assertProblem(api.get("/api/v1/users/not-a-uuid", acme.token()), 400, "invalid-input");
    }

    @Test
    void anUnknownOrAnotherTenantsPersonIsNotFound() {
        Api.TenantToken acme = api.newTenant("People 404 A");
        Api.TenantToken other = api.newTenant("People 404 B");
        Invited frank = new Invitations(api, port).invite(other.token(), Invitations.email("frank"), "viewer");

        for (String id : List.of(frank.id(), UUID.randomUUID().toString())) {
            assertProblem(api.get("/api/v1/users/" + id, acme.token()), 404, "not-found");
            assertProblem(api.send("PATCH", "/api/v1/users/" + id, acme.token(), Map.of("disabled", true)), 404,
                    "not-found");
            assertProblem(api.post("/api/v1/users/" + id + "/invitation", acme.token(), null), 404, "not-found");
        }
        assertThat(api.get("/api/v1/users/" + frank.id(), other.token()).json().get("state").asText())
                .isEqualTo("INVITED");
    }

    @Test
    void peopleNeedTheAdminScope() {
        Api.TenantToken acme = api.newTenant("People Scope");
        Api.TenantToken reader = api.token(acme.tenantId(), "catalog:read", "prices:approve");
        Invited gina = new Invitations(api, port).invite(acme.token(), Invitations.email("gina"), "viewer");
        Map<String, Object> body = Map.of("email", Invitations.email("x"), "name", "X", "roles", List.of("admin"));

        assertProblem(api.post("/api/v1/users", reader.token(), body), 403, null);
        assertProblem(api.get("/api/v1/users", reader.token()), 403, null);
        assertProblem(api.get("/api/v1/users/" + gina.id(), reader.token()), 403, null);
        assertProblem(api.send("PATCH", "/api/v1/users/" + gina.id(), reader.token(), Map.of("disabled", true)), 403,
                null);
        assertProblem(api.post("/api/v1/users/" + gina.id() + "/invitation", reader.token(), null), 403, null);
        assertThat(api.get("/api/v1/users", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/users", api.adminToken()).status()).isEqualTo(403);
    }

    private Api.Response invite(Api.TenantToken tenant, Map<String, Object> body) {
        return api.post("/api/v1/users", tenant.token(), body);
    }
}
