package dev.calibrate.app.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin issues, lists and revokes operator tokens; the secret is shown once and stored hashed. */
@ExtendWith(OutputCaptureExtension.class)
class OperatorTokensTest extends IntegrationTest {

    @Autowired
    private Environment environment;

    @Test
    void theAdminIssuesATokenWhoseSecretIsShownOnceAndStoredHashed() throws Exception {
        String name = "prometheus " + UUID.randomUUID();

        Api.Response issued = api.post("/admin/v1/operator-tokens", api.adminToken(),
                Map.of("name", name, "scopes", List.of("metrics")));

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonNode body = issued.json();
        String token = body.path("token").asText();
        assertThat(token).matches("clb_op_[0-9a-f]{32}_[A-Za-z0-9_-]{43}");
        assertThat(body.path("name").asText()).isEqualTo(name);
        assertThat(body.path("scopes")).extracting(JsonNode::asText).containsExactly("metrics");
        String id = body.path("id").asText();
        assertThat(token).startsWith("clb_op_" + id.replace("-", "") + "_");
        assertThat(api.get("/actuator/prometheus", token).status()).isEqualTo(200);

        Api.Response listed = api.get("/admin/v1/operator-tokens", api.adminToken());
        assertThat(listed.status()).isEqualTo(200);
        JsonNode entry = entryOf(listed.json(), id);
        assertThat(entry.path("name").asText()).isEqualTo(name);
        assertThat(entry.path("createdAt").asText()).isNotEmpty();
        assertThat(entry.has("revokedAt")).isFalse();
        String secret = token.substring("clb_op_".length() + 32 + 1); // base64url: the secret itself may hold "_"
        assertThat(listed.body()).doesNotContain(secret);

        try (Sql owner = Sql.connect(environment)) {
            Map<String, Object> row = owner.query("SELECT * FROM operator_credential WHERE token_id = ?::uuid", id).get(0);
            assertThat((byte[]) row.get("secret_hash"))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
            assertThat(owner.queryAsText("SELECT * FROM operator_credential WHERE token_id = ?::uuid", id).toString())
                    .doesNotContain(secret);
        }
    }

    @Test
    void onlyTheAdminTokenIssuesListsAndRevokes() {
        Api.TenantToken tenant = api.newTenant("Would-be operator " + UUID.randomUUID());
        Map<String, Object> body = Map.of("name", "sneaky", "scopes", List.of("metrics"));

        assertProblem(api.post("/admin/v1/operator-tokens", null, body), 401, "unauthorized");
        assertProblem(api.post("/admin/v1/operator-tokens", tenant.token(), body), 403, "forbidden");
        assertProblem(api.get("/admin/v1/operator-tokens", tenant.token()), 403, "forbidden");
        String id = issue("to revoke").path("id").asText();
        assertProblem(api.delete("/admin/v1/operator-tokens/" + id, tenant.token()), 403, "forbidden");
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        JsonNode issued = issue("short-lived");
        String token = issued.path("token").asText();
        String id = issued.path("id").asText();
        assertThat(api.get("/actuator/prometheus", token).status()).isEqualTo(200);

        Api.Response revoked = api.delete("/admin/v1/operator-tokens/" + id, api.adminToken());

        assertThat(revoked.status()).isEqualTo(204);
        assertProblem(api.get("/actuator/prometheus", token), 401, "unauthorized");
        assertProblem(api.get("/actuator/health", token), 401, "unauthorized");
        assertThat(entryOf(api.get("/admin/v1/operator-tokens", api.adminToken()).json(), id).path("revokedAt").asText())
                .isNotEmpty();
        assertThat(api.delete("/admin/v1/operator-tokens/" + id, api.adminToken()).status()).as("again").isEqualTo(204);
    }

    /** Who could read every tenant's health details, and since when, is on record; the secret is not. */
    @Test
    void issuingAndRevokingAreLoggedWithoutTheSecret(CapturedOutput output) {
        JsonNode issued = issue("logged " + UUID.randomUUID());
        String id = issued.path("id").asText();
        String token = issued.path("token").asText();
        assertThat(api.delete("/admin/v1/operator-tokens/" + id, api.adminToken()).status()).isEqualTo(204);

        assertThat(output.getAll()).contains("Issued operator token " + id + " (" + issued.path("name").asText()
                + ") with scopes {metrics}", "Revoked operator token " + id);
        assertThat(output.getAll()).doesNotContain(token.substring("clb_op_".length() + 32 + 1));
    }

    @Test
    void revokingAnUnknownTokenIsA404AndAMalformedIdA400() {
        assertProblem(api.delete("/admin/v1/operator-tokens/" + UUID.randomUUID(), api.adminToken()), 404, null);
        assertThat(api.delete("/admin/v1/operator-tokens/not-a-uuid", api.adminToken()).status()).isEqualTo(400);
    }

    @Test
    void aBadRequestNamesTheField() {
        assertInvalidField(api.post("/admin/v1/operator-tokens", api.adminToken(),
                Map.of("name", "x", "scopes", List.of("admin"))), "scopes[0]");
        assertInvalidField(api.post("/admin/v1/operator-tokens", api.adminToken(),
                Map.of("name", "x", "scopes", List.of())), "scopes");
        assertInvalidField(api.post("/admin/v1/operator-tokens", api.adminToken(),
                Map.of("scopes", List.of("metrics"))), "name");
        assertInvalidField(api.post("/admin/v1/operator-tokens", api.adminToken(),
                Map.of("name", "nul\u0000name", "scopes", List.of("metrics"))), "name");
        assertInvalidField(api.post("/admin/v1/operator-tokens", api.adminToken(),
                Map.of("name", "x", "scopes", List.of("metrics"), "tenantId", UUID.randomUUID().toString())), "tenantId");
    }

    private JsonNode issue(String name) {
        Api.Response issued = api.post("/admin/v1/operator-tokens", api.adminToken(),
                Map.of("name", name, "scopes", List.of("metrics")));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    private static JsonNode entryOf(JsonNode list, String id) {
        for (JsonNode item : list.path("items")) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("operator token " + id + " not listed in " + list);
    }
}
