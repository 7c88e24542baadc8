package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four eyes are two persons, not two tokens: a token may name the person it belongs to ({@code subject}),
 * and when the author's and the approver's tokens both do, the approval compares persons.
 */
class FourEyesPerPersonTest extends IntegrationTest {

    @Test
    void onePersonsSecondTokenCannotApproveTheirChangeButAnotherPersonCan() {
        Person alice = person("Two tokens", "alice@acme.example");
        Api.TenantToken aliceApproves = token(alice.tenantId(), "alice@acme.example", "prices:approve");
        Api.TenantToken bob = token(alice.tenantId(), "bob@acme.example", "prices:approve");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        Submitted submitted = submitted(steps, alice.author());
        String change = submitted.change();
        String hash = submitted.previewHash();

        Api.Response own = steps.action(aliceApproves.token(), change, "approve", Map.of("previewHash", hash));
        assertProblem(own, 403, "forbidden");

        Api.Response other = steps.action(bob.token(), change, "approve", Map.of("previewHash", hash));
        assertThat(other.status()).as(other.body()).isEqualTo(200);
        JsonNode approval = steps.view(alice.author().token(), change, "APPROVED").get("approval");
        assertThat(approval.get("by").asText()).isEqualTo(bob.tokenId());
        assertThat(approval.get("subject").asText()).isEqualTo("bob@acme.example");
        assertThat(approval.get("selfApproved").asBoolean()).isFalse();
    }

    @Test
    void whenThePolicyAllowsSelfApprovalTheApprovalRecordSaysItWasOne() {
        Person alice = person("Self approval", "alice@acme.example");
        Api.TenantToken aliceApproves = token(alice.tenantId(), "alice@acme.example", "prices:approve", "admin");
        assertThat(api.send("PUT", "/api/v1/policy", aliceApproves.token(), Map.of("selfApprovalAllowed", true))
                .status()).isEqualTo(200);
        PriceChangeSteps steps = new PriceChangeSteps(api);
        Submitted submitted = submitted(steps, alice.author());
        String change = submitted.change();
        String hash = submitted.previewHash();

        Api.Response approved = steps.action(aliceApproves.token(), change, "approve", Map.of("previewHash", hash));

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        JsonNode approval = steps.view(alice.author().token(), change, "APPROVED").get("approval");
        assertThat(approval.get("subject").asText()).isEqualTo("alice@acme.example");
        assertThat(approval.get("selfApproved").asBoolean()).isTrue();
    }

    @Test
    void withoutSubjectsTokensAreComparedAsBefore() {
        String tenant = api.createTenant("No subjects", "USD");
        Api.TenantToken author = api.token(tenant, "catalog:write", "catalog:read", "prices:write", "prices:approve");
        Api.TenantToken approver = token(tenant, "alice@acme.example", "prices:approve");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        Submitted submitted = submitted(steps, author);
        String change = submitted.change();
        String hash = submitted.previewHash();

        assertProblem(steps.action(author.token(), change, "approve", Map.of("previewHash", hash)), 403, "forbidden");
        Api.Response approved = steps.action(approver.token(), change, "approve", Map.of("previewHash", hash));

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    }

    @Test
    void theTokenListShowsTheSubjectAndTheIssueAnswerTrimsIt() {
        String tenant = api.createTenant("Listed subject", "USD");

        Api.Response issued = issue(tenant, Map.of("name", "laptop", "scopes", List.of("catalog:read"),
                "subject", "  carol@acme.example "));

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(issued.json().get("subject").asText()).isEqualTo("carol@acme.example");
        JsonNode tenants = api.get("/admin/v1/tenants?size=200", api.adminToken(), "X-Calibrate-Wait-For",
                Long.toString(issued.position())).json();
        JsonNode listed = null;
        for (JsonNode item : tenants.get("items")) {
            if (item.get("id").asText().equals(tenant)) listed = item.get("tokens").get(0);
        }
        assertThat(listed).as("tenant %s in the list", tenant).isNotNull();
        assertThat(listed.get("subject").asText()).isEqualTo("carol@acme.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "alice\u0000", "ali\u0007ce", "line\nbreak"})
    void aSubjectThatIsBlankOrHoldsControlCharactersIs400NamingIt(String subject) {
        String tenant = api.createTenant("Bad subject", "USD");

        assertInvalidField(issue(tenant, Map.of("name", "t", "scopes", List.of("catalog:read"), "subject", subject)),
                "subject");
    }

    @Test
    void aSubjectLongerThan200CharactersIs400NamingIt() {
        String tenant = api.createTenant("Long subject", "USD");

        assertInvalidField(issue(tenant, Map.of("name", "t", "scopes", List.of("catalog:read"),
                "subject", "a".repeat(201))), "subject");
    }

    @Test
    void aSubjectThatIsNotAStringIs400NamingIt() {
        String tenant = api.createTenant("Numeric subject", "USD");

        assertInvalidField(issue(tenant, Map.of("name", "t", "scopes", List.of("catalog:read"), "subject", 42)),
                "subject");
    }

    private record Person(String tenantId, Api.TenantToken author) {
    }

    /** A tenant whose catalog has a summer product, and a token of {@code subject} that may write prices. */
    private Person person(String tenantName, String subject) {
        String tenant = api.createTenant(tenantName, "USD");
        Api.TenantToken author = token(tenant, subject, "catalog:read", "catalog:write", "prices:write");
        return new Person(tenant, author);
    }

    private record Submitted(String change, String previewHash) {
    }

    private Submitted submitted(PriceChangeSteps steps, Api.TenantToken author) {
        steps.catalog(author.token(), List.of(product("FE-1", "40.00", "10.00", "summer")));
        String change = steps.draft(author.token(), "Four eyes", SUMMER_SALE, Map.of());
        String hash = steps.preview(author.token(), change).get("previewHash").asText();
        Api.Response submitted = steps.action(author.token(), change, "submit", null);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        return new Submitted(change, hash);
    }

    private Api.TenantToken token(String tenant, String subject, String... scopes) {
        Api.Response issued = issue(tenant, Map.of("name", "of " + subject, "scopes", List.of(scopes),
                "subject", subject));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return new Api.TenantToken(tenant, issued.json().get("id").asText(), issued.json().get("token").asText());
    }

    private Api.Response issue(String tenant, Map<String, Object> body) {
        return api.post("/admin/v1/tenants/" + tenant + "/tokens", api.adminToken(), new LinkedHashMap<>(body));
    }
}
