package dev.calibrate.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/webhooks}: registering, listing, changing and deleting endpoints, as the shared test
 * application runs them, with {@code CALIBRATE_WEBHOOKS_ALLOW_INSECURE} off: https to public addresses only.
 */
class WebhooksApiTest extends IntegrationTest {

    /** A public address (TEST-NET-3): no DNS needed, nothing is sent to it in these tests. */
    private static final String URL = "https://203.0.113.10/hooks";
    private static final String CREATED = "dev.calibrate.ProductCreated.v1";

    private Api.TenantToken admin(String name) {
        String tenant = api.createTenant(name + " " + UUID.randomUUID(), "USD");
        return api.token(tenant, "webhooks:admin");
    }

    private Api.Response register(Api.TenantToken token, Object body) {
        return api.post("/api/v1/webhooks", token.token(), body);
    }

    private static Map<String, Object> endpoint(String url, List<String> types) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("eventTypes", types);
        return body;
    }

    private JsonNode registered(Api.TenantToken token, List<String> types) {
        Api.Response created = register(token, endpoint(URL, types));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    @Test
    void registeringAnswersTheSecretOnceAndNeverAgain() {
        Api.TenantToken acme = admin("Hooks");
        Map<String, Object> body = endpoint(URL, List.of(CREATED, "dev.calibrate.PriceChangeSubmitted.v1"));
        body.put("description", "<script>ERP</script>");
        Api.Response created = register(acme, body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSizeGreaterThanOrEqualTo(24);
        String id = created.json().get("id").asText();
        JsonNode endpoint = created.json().get("endpoint");
        assertThat(endpoint.get("status").asText()).isEqualTo("active");
        assertThat(endpoint.get("eventTypes")).extracting(JsonNode::asText)
                .containsExactly(CREATED, "dev.calibrate.PriceChangeSubmitted.v1");

        Api.Response one = api.get("/api/v1/webhooks/" + id, acme.token());
        Api.Response list = api.get("/api/v1/webhooks", acme.token());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("url").asText()).isEqualTo(URL);
        assertThat(one.json().get("description").asText()).isEqualTo("<script>ERP</script>");
        assertThat(list.json().get("items")).extracting(e -> e.get("id").asText()).containsExactly(id);
        assertThat(one.body() + list.body()).doesNotContain(secret).doesNotContain("whsec_")
                .doesNotContain("\"secret\"");
    }

    @Test
    void everyTypeIsAStarAlone() {
        Api.TenantToken acme = admin("Star");
        assertThat(registered(acme, List.of("*")).get("endpoint").get("eventTypes"))
                .extracting(JsonNode::asText).containsExactly("*");
        assertInvalidField(register(acme, endpoint(URL, List.of("*", CREATED))), "eventTypes");
    }

    @Test
    void anUnknownTypeIsA400ListingTheKnownOnes() {
        Api.TenantToken acme = admin("Types");
        JsonNode problem = assertInvalidField(register(acme, endpoint(URL, List.of("dev.calibrate.Nope.v1"))),
                "eventTypes");
        assertThat(problem.get("detail").asText()).contains("Nope", CREATED, "dev.calibrate.PriceChangeApproved.v1");
        assertInvalidField(register(acme, endpoint(URL, List.of())), "eventTypes");
        assertInvalidField(register(acme, Map.of("url", URL)), "eventTypes");
        assertInvalidField(register(acme, endpoint(URL, List.of(CREATED + ",dev.calibrate.ProductDeleted.v1"))),
                "eventTypes");
        assertInvalidField(register(acme, endpoint(URL, java.util.Arrays.asList(CREATED, " "))), "eventTypes[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hooks", "https://10.1.2.3/hooks", "https://172.16.0.1/hooks",
            "https://192.168.0.10/hooks", "https://169.254.169.254/latest/meta-data", "https://[::1]/hooks",
            "https://[fd00::1]/hooks", "https://0.0.0.0/hooks", "https://localhost/hooks",
            "https://[::ffff:127.0.0.1]/hooks"})
    void anInternalTargetIsRefusedAfterResolution(String url) {
        JsonNode problem = assertInvalidField(register(admin("SSRF"), endpoint(url, List.of("*"))), "url");
        assertThat(problem.get("detail").asText()).contains("public addresses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://203.0.113.10/hooks", "ftp://203.0.113.10/", "not a url", "/relative",
            "https://user:pw@203.0.113.10/hooks", "https://203.0.113.10/hooks#frag", "",
            "https://no-such-host.invalid/hooks"})
    void aUrlThatIsNotHttpsToAPublicHostIsA400(String url) {
        assertInvalidField(register(admin("URL"), endpoint(url, List.of("*"))), "url");
    }

    @Test
    void limitsOnTheUrlTheDescriptionAndTheNumberOfEndpoints() {
        Api.TenantToken acme = admin("Limits");
        assertInvalidField(register(acme, endpoint(URL + "?" + "a".repeat(2000), List.of("*"))), "url");
        Map<String, Object> wordy = endpoint(URL, List.of("*"));
        wordy.put("description", "d".repeat(501));
        assertInvalidField(register(acme, wordy), "description");
        assertInvalidField(register(acme, Map.of("eventTypes", List.of("*"))), "url");
        assertThat(register(acme, "not json").status()).isEqualTo(400);

        for (int i = 0; i < 20; i++) {
            registered(acme, List.of("*"));
        }
        JsonNode problem = assertInvalidField(register(acme, endpoint(URL, List.of("*"))), "url");
        assertThat(problem.get("detail").asText()).contains("at most 20");
        // the limit is checked before the name is looked up: the answer is the limit's, not the lookup's
        JsonNode unresolvable = assertInvalidField(register(acme, endpoint("https://no-such-host.invalid/hooks",
                List.of("*"))), "url");
        assertThat(unresolvable.get("detail").asText()).contains("at most 20");
    }

    @Test
    void aHostThatDoesNotResolveAndOneThatResolvesInternallyGetTheSameAnswer() {
        Api.TenantToken acme = admin("SameAnswer");
        JsonNode unknown = assertInvalidField(register(acme, endpoint("https://no-such-host.invalid/hooks",
                List.of("*"))), "url");
        JsonNode internal = assertInvalidField(register(acme, endpoint("https://10.1.2.3/hooks", List.of("*"))),
                "url");
        assertThat(unknown.get("detail").asText()).isEqualTo(internal.get("detail").asText())
                .contains("must resolve to public addresses only");
    }

    @Test
    void editingPausingAndReEnabling() {
        Api.TenantToken acme = admin("Edit");
        String id = registered(acme, List.of("*")).get("id").asText();
        String path = "/api/v1/webhooks/" + id;

        Api.Response paused = api.send("PATCH", path, acme.token(), Map.of("paused", true));
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().get("status").asText()).isEqualTo("paused");

        Api.Response edited = api.send("PATCH", path, acme.token(), Map.of("url", "https://203.0.113.11/other",
                "eventTypes", List.of(CREATED), "description", "ERP"));
        assertThat(edited.json().get("url").asText()).isEqualTo("https://203.0.113.11/other");
        assertThat(edited.json().get("eventTypes")).extracting(JsonNode::asText).containsExactly(CREATED);
        assertThat(edited.json().get("status").asText()).as("edits keep it paused").isEqualTo("paused");

        Api.Response resumed = api.send("PATCH", path, acme.token(), Map.of("paused", false));
        assertThat(resumed.json().get("status").asText()).isEqualTo("active");

        assertInvalidField(api.send("PATCH", path, acme.token(), Map.of("url", "https://10.0.0.1/x")), "url");
        assertInvalidField(api.send("PATCH", path, acme.token(), Map.of("eventTypes", List.of("nope"))), "eventTypes");
        assertThat(api.get(path, acme.token()).json().get("url").asText())
                .as("a refused edit changes nothing").isEqualTo("https://203.0.113.11/other");
    }

    @Test
    void rotatingAnswersANewSecretAndKeepsTheOldOneSigningForADay() {
        Api.TenantToken acme = admin("Rotate");
        JsonNode created = registered(acme, List.of("*"));
        String id = created.get("id").asText();

        Api.Response rotated = api.post("/api/v1/webhooks/" + id + "/rotate-secret", acme.token(), null);

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.json().get("secret").asText()).startsWith("whsec_")
                .isNotEqualTo(created.get("secret").asText());
        Instant until = Instant.parse(rotated.json().get("previousSecretExpiresAt").asText());
        assertThat(Duration.between(Instant.now(), until)).isBetween(Duration.ofHours(23), Duration.ofHours(25));
        Api.Response after = api.get("/api/v1/webhooks/" + id, acme.token());
        assertThat(after.json().get("previousSecretExpiresAt").asText()).isEqualTo(until.toString());
        assertThat(after.body()).doesNotContain("whsec_");
    }

    @Test
    void deletingRemovesIt() {
        Api.TenantToken acme = admin("Delete");
        String id = registered(acme, List.of("*")).get("id").asText();

        assertThat(api.delete("/api/v1/webhooks/" + id, acme.token()).status()).isEqualTo(204);

        assertProblem(api.get("/api/v1/webhooks/" + id, acme.token()), 404, "not-found");
        assertProblem(api.delete("/api/v1/webhooks/" + id, acme.token()), 404, "not-found");
        assertThat(api.get("/api/v1/webhooks", acme.token()).json().get("items")).isEmpty();
    }

    @Test
    void anotherTenantsEndpointDoesNotExistForThem() {
        Api.TenantToken owner = admin("Owner");
        Api.TenantToken other = admin("Other");
        String path = "/api/v1/webhooks/" + registered(owner, List.of("*")).get("id").asText();

        assertThat(api.get("/api/v1/webhooks", other.token()).json().get("items")).isEmpty();
        assertProblem(api.get(path, other.token()), 404, "not-found");
        assertProblem(api.send("PATCH", path, other.token(), Map.of("paused", true)), 404, "not-found");
        assertProblem(api.delete(path, other.token()), 404, "not-found");
        assertProblem(api.post(path + "/rotate-secret", other.token(), null), 404, "not-found");
        assertProblem(api.post(path + "/ping", other.token(), null), 404, "not-found");
        assertProblem(api.get(path + "/deliveries", other.token()), 404, "not-found");
        assertProblem(api.post(path + "/replay", other.token(), Map.of("from", "1", "to", "2")), 404, "not-found");
        assertThat(api.get(path, owner.token()).json().get("status").asText()).isEqualTo("active");
    }

    @Test
    void everyOperationNeedsTheWebhooksAdminScope() {
        Api.TenantToken owner = admin("Scoped");
        String path = "/api/v1/webhooks/" + registered(owner, List.of("*")).get("id").asText();
        String everythingElse = api.token(owner.tenantId(), "admin", "events:read", "connectors:admin").token();

        assertThat(api.post("/api/v1/webhooks", everythingElse, endpoint(URL, List.of("*"))).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/webhooks", everythingElse).status()).isEqualTo(403);
        assertThat(api.get(path, everythingElse).status()).isEqualTo(403);
        assertThat(api.send("PATCH", path, everythingElse, Map.of("paused", true)).status()).isEqualTo(403);
        assertThat(api.delete(path, everythingElse).status()).isEqualTo(403);
        assertThat(api.post(path + "/rotate-secret", everythingElse, null).status()).isEqualTo(403);
        assertThat(api.post(path + "/ping", everythingElse, null).status()).isEqualTo(403);
        assertThat(api.get(path + "/deliveries", everythingElse).status()).isEqualTo(403);
        assertThat(api.post(path + "/replay", everythingElse, Map.of("from", "1")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/webhooks", null).status()).isEqualTo(401);
    }

    @Test
    void aBadReplayOrPageIsA400() {
        Api.TenantToken acme = admin("Replay");
        String path = "/api/v1/webhooks/" + registered(acme, List.of("*")).get("id").asText();

        assertInvalidField(api.post(path + "/replay", acme.token(), Map.of("to", "5")), "from");
        assertInvalidField(api.post(path + "/replay", acme.token(), Map.of("from", "x")), "from");
        assertInvalidField(api.post(path + "/replay", acme.token(), Map.of("from", "0")), "from");
        assertInvalidField(api.post(path + "/replay", acme.token(), Map.of("from", "9", "to", "3")), "to");
        assertInvalidField(api.get(path + "/deliveries?limit=0", acme.token()), "limit");
        assertInvalidField(api.get(path + "/deliveries?limit=101", acme.token()), "limit");
        assertInvalidField(api.get(path + "/deliveries?before=-1", acme.token()), "before");
        assertThat(api.get("/api/v1/webhooks/not-a-uuid", acme.token()).status()).isBetween(400, 404);
    }
}
