package dev.calibrate.app.users;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.security.CallerAuthentication;
import dev.calibrate.app.security.people.PasswordSignIn;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.users.Invitations.Invited;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeApproval;
import dev.calibrate.command.pricechange.PriceChangeController;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A person is one person whether they come as a console session or as a token issued to their email:
 * a signed-in person acts as {@code user:<id>} with their email as the person, which is what four-eyes
 * compares. Approval in the console belongs to another screen; this approves through the API's own
 * controller with the caller a session holds.
 */
class FourEyesForPeopleTest extends IntegrationTest {

    @Autowired
    PasswordSignIn passwordSignIn;
    @Autowired
    PriceChangeController priceChanges;

    @Test
    void aPersonsSessionIsTheSamePersonAsATokenIssuedToTheirEmail() {
        String tenant = api.createTenant("Four eyes people", "USD");
        Api.TenantToken admin = api.token(tenant, "admin");
        Invitations people = new Invitations(api, port);
        String aliceEmail = Invitations.email("alice");
        Invited alice = people.invite(admin.token(), aliceEmail, "analyst", "approver");
        people.activate(alice, Invitations.PASSWORD);
        Invited bob = people.invite(admin.token(), Invitations.email("bob"), "approver");
        people.activate(bob, Invitations.PASSWORD);

        Caller aliceInPerson = session(alice);
        assertThat(aliceInPerson.actor()).isEqualTo(new Actor("user:" + alice.id(), aliceEmail));
        assertThat(aliceInPerson.scopes()).contains(Scope.PRICES_WRITE, Scope.PRICES_APPROVE)
                .doesNotContain(Scope.ADMIN);

        // Alice drafts and submits with a token issued to her email, in other letter case
        Api.TenantToken aliceToken = token(tenant, aliceEmail.toUpperCase(), "catalog:read", "catalog:write",
                "prices:write");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        steps.catalog(aliceToken.token(), List.of(product("FEP-1", "40.00", "10.00", "summer")));
        String change = steps.draft(aliceToken.token(), "Four eyes, people", SUMMER_SALE, Map.of());
        String hash = steps.preview(aliceToken.token(), change).get("previewHash").asText();
        assertThat(steps.action(aliceToken.token(), change, "submit", null).status()).isEqualTo(200);

        assertThatThrownBy(() -> priceChanges.approve(change, new PriceChangeApproval(hash), aliceInPerson))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.kind()).isEqualTo(Rejection.Kind.FORBIDDEN));

        assertThat(priceChanges.approve(change, new PriceChangeApproval(hash), session(bob)).getStatusCode().value())
                .isEqualTo(200);
    }

    private Caller session(Invited person) {
        CallerAuthentication signedIn = passwordSignIn.signIn(person.email(), Invitations.PASSWORD).orElseThrow();
        assertThat(signedIn.kind()).isEqualTo(CallerAuthentication.CallerKind.USER);
        return signedIn.caller();
    }

    private Api.TenantToken token(String tenant, String subject, String... scopes) {
        Api.Response issued = api.post("/admin/v1/tenants/" + tenant + "/tokens", api.adminToken(),
                new LinkedHashMap<>(Map.of("name", "of " + subject, "scopes", List.of(scopes), "subject", subject)));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return new Api.TenantToken(tenant, issued.json().get("id").asText(), issued.json().get("token").asText());
    }
}
