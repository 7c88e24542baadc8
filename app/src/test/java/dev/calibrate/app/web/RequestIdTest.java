package dev.calibrate.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code X-Request-Id}: a well-formed one is kept, anything else is replaced by a fresh id; either
 * way it is returned and recorded on every event the request caused.
 */
class RequestIdTest extends IntegrationTest {

    private static final String HEADER = "X-Request-Id";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        acme = api.newTenant("Request ids");
    }

    @Test
    void aWellFormedRequestIdIsKeptAndStoredOnEveryEvent() {
        String requestId = "checkout-2026.01:retry_1-" + UUID.randomUUID();

        Api.Response created = api.post("/api/v1/products", acme.token(), tee("RID-1"), HEADER, requestId);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header(HEADER)).isEqualTo(requestId);
        JsonNode history = history(created);
        assertThat(history).extracting(e -> e.get("type").asText())
                .containsExactly("ProductCreated", "ProductPriceObserved");
        assertThat(history).allSatisfy(event -> {
            assertThat(event.get("metadata").get("requestId").asText()).isEqualTo(requestId);
            assertThat(event.get("metadata").get("correlationId").asText()).isEqualTo(requestId);
            assertThat(event.get("metadata").get("actor").asText()).isEqualTo(acme.tokenId());
        });
    }

    @Test
    void withoutARequestIdOneIsGeneratedReturnedAndStored() {
        Api.Response created = api.post("/api/v1/products", acme.token(), tee("RID-2"));

        String generated = created.header(HEADER);
        assertThat(generated).matches(UUID_PATTERN);
        assertThat(history(created)).allSatisfy(event ->
                assertThat(event.get("metadata").get("requestId").asText()).isEqualTo(generated));
        assertThat(api.get("/api/v1/products", acme.token()).header(HEADER))
                .as("every request gets its own").matches(UUID_PATTERN).isNotEqualTo(generated);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has spaces in it", "semi;colon", "<script>alert(1)</script>", "quote\"d", "slash/ed"})
    void aMalformedRequestIdIsReplaced(String malformed) {
        Api.Response created = api.post("/api/v1/products", acme.token(), tee("RID-3-" + UUID.randomUUID()),
                HEADER, malformed);

        assertThat(created.status()).isEqualTo(201);
        String replaced = created.header(HEADER);
        assertThat(replaced).isNotEqualTo(malformed).matches(UUID_PATTERN);
        assertThat(history(created)).allSatisfy(event ->
                assertThat(event.get("metadata").get("requestId").asText()).isEqualTo(replaced));
    }

    @Test
    void aRequestIdLongerThan128CharactersIsReplaced() {
        String atLimit = "r".repeat(128);
        String overLimit = "r".repeat(129);

        assertThat(api.get("/api/v1/products", acme.token(), HEADER, atLimit).header(HEADER)).isEqualTo(atLimit);
        assertThat(api.get("/api/v1/products", acme.token(), HEADER, overLimit).header(HEADER)).matches(UUID_PATTERN);
    }

    @Test
    void everyEventOfABatchCarriesTheRequestId() {
        String requestId = "batch-" + UUID.randomUUID();

        Api.Response batch = api.post("/api/v1/products:batch", acme.token(),
                Map.of("items", List.of(tee("RID-B1"), tee("RID-B2"))), HEADER, requestId);

        assertThat(batch.header(HEADER)).isEqualTo(requestId);
        for (JsonNode result : batch.json().get("results")) {
            Api.Response history = api.get("/api/v1/products/" + result.get("id").asText() + "/history", acme.token());
            assertThat(history.json().get("events")).isNotEmpty().allSatisfy(event ->
                    assertThat(event.get("metadata").get("requestId").asText()).isEqualTo(requestId));
        }
    }

    @Test
    void theAuditLogShowsTheRequestIdOfAdminActions() {
        String requestId = "issue-" + UUID.randomUUID();
        Api.Response issued = api.post("/admin/v1/tenants/" + acme.tenantId() + "/tokens", api.adminToken(),
                Map.of("name", "traced", "scopes", List.of("catalog:read")), HEADER, requestId);
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.header(HEADER)).isEqualTo(requestId);

        Api.Response audit = api.get("/api/v1/audit?entityType=api-token&entityId=" + issued.json().get("id").asText(),
                acme.token(), "X-Calibrate-Wait-For", String.valueOf(issued.position()));

        JsonNode entry = audit.json().get("items").get(0);
        assertThat(entry.get("action").asText()).isEqualTo("ApiTokenIssued");
        assertThat(entry.get("requestId").asText()).isEqualTo(requestId);
        assertThat(entry.get("correlationId").asText()).isEqualTo(requestId);
    }

    @Test
    void rejectedRequestsReturnTheRequestIdTooAndInTheProblem() {
        Api.Response unauthorized = api.get("/api/v1/products", null, HEADER, "no-token-1");
        Api.Response invalid = api.post("/api/v1/products", acme.token(), Map.of("sku", "RID-X"), HEADER, "invalid-1");
        Api.Response generated = api.post("/api/v1/products", acme.token(), "{nope");

        assertThat(unauthorized.header(HEADER)).isEqualTo("no-token-1");
        assertThat(assertProblem(unauthorized, 401, "unauthorized").get("requestId").asText()).isEqualTo("no-token-1");
        assertThat(invalid.header(HEADER)).isEqualTo("invalid-1");
        assertThat(assertProblem(invalid, 400, "invalid-input").get("requestId").asText()).isEqualTo("invalid-1");
        assertThat(assertProblem(generated, 400, "malformed-json").get("requestId").asText())
                .isEqualTo(generated.header(HEADER)).matches(UUID_PATTERN);
    }

    private JsonNode history(Api.Response write) {
        Api.Response history = api.get("/api/v1/products/" + write.json().get("id").asText() + "/history", acme.token());
        assertThat(history.status()).isEqualTo(200);
        return history.json().get("events");
    }

    private static Map<String, Object> tee(String sku) {
        return Map.of("sku", sku, "title", "Tee " + sku, "prices", List.of(Map.of("currency", "USD", "amount", "15.00")));
    }
}
