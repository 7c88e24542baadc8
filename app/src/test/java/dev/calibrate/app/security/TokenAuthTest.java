package dev.calibrate.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.message.EventPositions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bearer tokens: who gets in (401 otherwise), what they may do (403 otherwise), and that issuing
 * and revoking tokens take effect at once and are audited.
 */
class TokenAuthTest extends IntegrationTest {

    private static final String PRODUCTS = "/api/v1/products";
    /** Well-formed ({@code clb_<32 hex>_<43 base64url>}) but never issued. */
    private static final String UNKNOWN_TOKEN = "clb_" + UUID.randomUUID().toString().replace("-", "")
            + "_" + "A".repeat(43);

    @Autowired
    EventPositions events;

    @Test
    void aRequestWithoutATokenIs401() {
        Api.Response response = api.get(PRODUCTS, null);

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void aTokenSentWithAnotherSchemeIs401() {
        Api.TenantToken acme = api.newTenant("Basic scheme");

        Api.Response response = api.send("GET", PRODUCTS, null, null, "Authorization", "Basic " + acme.token());

        assertProblem(response, 401, "unauthorized");
    }

    @Test
    void aBearerHeaderWithoutATokenIs401() {
        assertProblem(api.send("GET", PRODUCTS, null, null, "Authorization", "Bearer"), 401, "unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-calibrate-token", "clb_123_abc", "clb_admin_0123456789abcdefghijklmnopqrstuv"})
    void aMalformedTokenIs401(String token) {
        assertProblem(api.get(PRODUCTS, token), 401, "unauthorized");
    }

    @Test
    void aWellFormedTokenThatWasNeverIssuedIs401() {
        assertProblem(api.get(PRODUCTS, UNKNOWN_TOKEN), 401, "unauthorized");
    }

    @Test
    void anIssuedTokenIdWithTheWrongSecretIs401() {
        Api.TenantToken acme = api.newTenant("Wrong secret");
        String id = acme.token().substring(0, "clb_".length() + 32);
        String forged = id + "_" + "B".repeat(43);
        assertThat(forged).isNotEqualTo(acme.token());

        assertProblem(api.get(PRODUCTS, forged), 401, "unauthorized");
        assertThat(api.get(PRODUCTS, acme.token()).status()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIs401() {
        String tenantId = api.createTenant("Expiring", "USD");
        Instant expiresAt = Instant.now().plusSeconds(3);
        Api.Response issued = api.post("/admin/v1/tenants/" + tenantId + "/tokens", api.adminToken(),
                Map.of("name", "short-lived", "scopes", List.of("catalog:read"), "expiresAt", expiresAt.toString()));
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().get("expiresAt").asText()).isEqualTo(expiresAt.toString());
        String token = issued.json().get("token").asText();
        assertThat(api.get(PRODUCTS, token).status()).as("works until it expires").isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(PRODUCTS, token).status() == 401);

        assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
        JsonNode problem = assertProblem(api.get(PRODUCTS, token), 401, "unauthorized");
        assertThat(problem.get("detail").asText()).contains("expired");
    }

    @Test
    void aRevokedTokenIs401AtOnce() {
        Api.TenantToken acme = api.newTenant("Revoking");
        Api.TenantToken reader = api.token(acme.tenantId(), "catalog:read");
        assertThat(api.get(PRODUCTS, reader.token()).status()).isEqualTo(200);

        Api.Response revoked = api.delete(tokenPath(acme.tenantId(), reader.tokenId()), api.adminToken());

        assertThat(revoked.status()).isEqualTo(204);
        JsonNode problem = assertProblem(api.get(PRODUCTS, reader.token()), 401, "unauthorized");
        assertThat(problem.get("detail").asText()).contains("revoked");
        assertThat(api.get(PRODUCTS, acme.token()).status()).as("other tokens keep working").isEqualTo(200);
    }

    @Test
    void issuingAndRevokingAreAuditedAsTheAdmin() {
        Api.TenantToken acme = api.newTenant("Audited tokens");
        Api.TenantToken reader = api.token(acme.tenantId(), "catalog:read");
        Api.Response revoked = api.delete(tokenPath(acme.tenantId(), reader.tokenId()), api.adminToken());

        Api.Response audit = api.get("/api/v1/audit?entityType=api-token&entityId=" + reader.tokenId(), acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(revoked.position()));

        assertThat(audit.status()).isEqualTo(200);
        JsonNode items = audit.json().get("items");
        assertThat(items).extracting(i -> i.get("action").asText())
                .containsExactly("ApiTokenRevoked", "ApiTokenIssued");
        assertThat(items).allSatisfy(item -> {
            assertThat(item.get("entityType").asText()).isEqualTo("api-token");
            assertThat(item.get("entityId").asText()).isEqualTo(reader.tokenId());
            assertThat(item.get("actor").asText()).isEqualTo("admin");
            assertThat(item.get("tenantId").asText()).isEqualTo(acme.tenantId());
        });
        assertThat(audit.body()).doesNotContain(reader.token().substring(37));
    }

    @Test
    void revokingTwiceIsHarmlessAndAuditedOnce() {
        Api.TenantToken acme = api.newTenant("Revoking twice");
        Api.TenantToken reader = api.token(acme.tenantId(), "catalog:read");
        Api.Response first = api.delete(tokenPath(acme.tenantId(), reader.tokenId()), api.adminToken());
        long head = events.head();

        Api.Response second = api.delete(tokenPath(acme.tenantId(), reader.tokenId()), api.adminToken());

        assertThat(second.status()).isEqualTo(204);
        assertThat(events.head()).isEqualTo(head);
        Api.Response audit = api.get("/api/v1/audit?entityType=api-token&entityId=" + reader.tokenId(), acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(first.position()));
        assertThat(audit.json().get("items")).extracting(i -> i.get("action").asText())
                .containsExactly("ApiTokenRevoked", "ApiTokenIssued");
        assertProblem(api.get(PRODUCTS, reader.token()), 401, "unauthorized");
    }

    @Test
    void revokingATokenThatWasNeverIssuedIs404() {
        Api.TenantToken acme = api.newTenant("Revoke unknown");
        long head = events.head();

        assertProblem(api.delete(tokenPath(acme.tenantId(), UUID.randomUUID().toString()), api.adminToken()),
                404, "not-found");
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void revokingForATenantThatDoesNotExistIs404() {
        long head = events.head();

        assertProblem(api.delete(tokenPath(UUID.randomUUID().toString(), UUID.randomUUID().toString()),
                api.adminToken()), 404, "not-found");
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void aTokenWithoutTheNeededScopeIs403AndWritesNothing() {
        Api.TenantToken reader = api.token(api.createTenant("Read only", "USD"), "catalog:read");
        long head = events.head();

        JsonNode problem = assertProblem(api.post(PRODUCTS, reader.token(),
                Map.of("sku", "RO-1", "title", "Read-only attempt")), 403, "missing-scope");

        assertThat(problem.get("detail").asText()).contains("catalog:write");
        assertThat(events.head()).isEqualTo(head);
        assertProblem(api.get("/api/v1/audit", reader.token()), 403, "missing-scope");
        assertProblem(api.delete(PRODUCTS + "/" + UUID.randomUUID(), reader.token()), 403, "missing-scope");
        assertThat(api.get(PRODUCTS, reader.token()).status()).isEqualTo(200);
    }

    @Test
    void aTenantTokenCannotUseTheAdminApi() {
        Api.TenantToken acme = api.newTenant("Not an admin");
        long head = events.head();

        assertProblem(api.get("/admin/v1/tenants", acme.token()), 403, "forbidden");
        assertProblem(api.post("/admin/v1/tenants", acme.token(), Map.of("name", "Sneaky", "defaultCurrency", "USD")),
                403, "forbidden");
        assertProblem(api.post("/admin/v1/tenants/" + acme.tenantId() + "/tokens", acme.token(),
                Map.of("name", "escalate", "scopes", List.of("admin"))), 403, "forbidden");
        assertProblem(api.delete(tokenPath(acme.tenantId(), acme.tokenId()), acme.token()), 403, "forbidden");
        assertThat(events.head()).isEqualTo(head);
        assertThat(api.get(PRODUCTS, acme.token()).status()).isEqualTo(200);
    }

    @Test
    void theAdminApiNeedsAValidToken() {
        assertProblem(api.get("/admin/v1/tenants", null), 401, "unauthorized");
        assertProblem(api.get("/admin/v1/tenants", ADMIN_TOKEN + "x"), 401, "unauthorized");
        assertProblem(api.get("/admin/v1/tenants", UNKNOWN_TOKEN), 401, "unauthorized");
        assertThat(api.get("/admin/v1/tenants", api.adminToken()).status()).isEqualTo(200);
    }

    @Test
    void theAdminTokenCannotCallTheTenantApi() {
        long head = events.head();

        assertProblem(api.get(PRODUCTS, api.adminToken()), 403, "forbidden");
        assertProblem(api.post(PRODUCTS, api.adminToken(), Map.of("sku", "ADM-1", "title", "Admin product")),
                403, "forbidden");
        assertProblem(api.get("/api/v1/schemas", api.adminToken()), 403, "forbidden");
        assertThat(events.head()).isEqualTo(head);
    }

    /**
     * The filter must see the path the way Spring MVC routes it: a path parameter or a percent-encoded
     * letter still reaches the admin or tenant API, so it must still need a token.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/admin;x=1/v1/tenants", "/admin/v1;x=1/tenants", "/%61dmin/v1/tenants"})
    void pathTricksDoNotSkipAuthenticationOfTheAdminApi(String path) {
        long head = events.head();

        Api.Response response = api.post(path, null, Map.of("name", "Uninvited", "defaultCurrency", "USD"));

        assertProblem(response, 401, "unauthorized");
        assertThat(events.head()).isEqualTo(head);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api;x=1/v1/schemas", "/%61pi/v1/schemas", "/api/v1/schemas;x=1"})
    void pathTricksDoNotSkipAuthenticationOfTheTenantApi(String path) {
        assertProblem(api.get(path, null), 401, "unauthorized");
    }

    @Test
    void issuingATokenWithAnExpiryInThePastIs400AndWritesNothing() {
        String tenantId = api.createTenant("Past expiry", "USD");
        long head = events.head();

        assertInvalidField(api.post("/admin/v1/tenants/" + tenantId + "/tokens", api.adminToken(),
                Map.of("name", "stale", "scopes", List.of("catalog:read"),
                        "expiresAt", Instant.now().minusSeconds(60).toString())), "expiresAt");
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void issuingATokenWithAnExpiryThatIsNotAnInstantIs400() {
        String tenantId = api.createTenant("Bad expiry", "USD");
        long head = events.head();

        assertInvalidField(api.post("/admin/v1/tenants/" + tenantId + "/tokens", api.adminToken(),
                Map.of("name", "odd", "scopes", List.of("catalog:read"), "expiresAt", "next tuesday")), "expiresAt");
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void issuingATokenWithAnUnknownScopeIs400NamingIt() {
        String tenantId = api.createTenant("Bad scope", "USD");
        long head = events.head();

        assertInvalidField(api.post("/admin/v1/tenants/" + tenantId + "/tokens", api.adminToken(),
                Map.of("name", "odd", "scopes", List.of("catalog:read", "root"))), "scopes[1]");
        assertInvalidField(api.post("/admin/v1/tenants/" + tenantId + "/tokens", api.adminToken(),
                Map.of("name", "none", "scopes", List.of())), "scopes");
        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void issuingATokenForATenantThatDoesNotExistIs404() {
        long head = events.head();

        assertProblem(api.post("/admin/v1/tenants/" + UUID.randomUUID() + "/tokens", api.adminToken(),
                Map.of("name", "orphan", "scopes", List.of("catalog:read"))), 404, "not-found");
        assertThat(events.head()).isEqualTo(head);
    }

    private static String tokenPath(String tenantId, String tokenId) {
        return "/admin/v1/tenants/" + tenantId + "/tokens/" + tokenId;
    }
}
