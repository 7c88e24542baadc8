package dev.calibrate.app.competitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Registering and listing competitors: validation, one competitor per domain, scopes and tenants. */
class CompetitorRegistrationTest extends IntegrationTest {

    private CompetitorSteps steps;
    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        steps = new CompetitorSteps(api);
        acme = api.newTenant("Acme");
    }

    @Test
    void registersAndListsCompetitorsByName() {
        Api.Response registered = api.post("/api/v1/competitors", acme.token(),
                Map.of("name", " Zeta Store ", "domain", "Zeta.Example"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().get("id").asText()).hasSize(36);
        assertThat(registered.json().get("domain").asText()).isEqualTo("zeta.example");
        Api.Response bolt = api.post("/api/v1/competitors", acme.token(),
                Map.of("name", "Bolt Outlet", "domain", "bolt-outlet.example"));
        assertThat(bolt.status()).as(bolt.body()).isEqualTo(201);

        JsonNode list = steps.read(acme.token(), "/api/v1/competitors", bolt.position());
        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("items")).extracting(c -> c.get("name").asText()).containsExactly("Bolt Outlet", "Zeta Store");
        assertThat(list.get("items").get(1).get("id").asText()).isEqualTo(registered.json().get("id").asText());
        assertThat(list.get("items").get(1).get("domain").asText()).isEqualTo("zeta.example");
    }

    @Test
    void aDomainIsRegisteredOncePerTenant() {
        String id = steps.register(acme.token(), "Bolt Outlet", "bolt-outlet.example");

        JsonNode conflict = assertProblem(api.post("/api/v1/competitors", acme.token(),
                Map.of("name", "Bolt again", "domain", " BOLT-outlet.example ")), 409, "conflict");
        assertThat(conflict.get("competitorId").asText()).isEqualTo(id);

        Api.TenantToken other = api.newTenant("Other");
        String theirs = steps.register(other.token(), "Bolt Outlet", "bolt-outlet.example");
        assertThat(theirs).isNotEqualTo(id);
    }

    @Test
    void refusesBadNamesAndDomainsNamingTheField() {
        assertInvalidField(api.post("/api/v1/competitors", acme.token(), Map.of("name", " ", "domain", "a.example")), "name");
        assertInvalidField(api.post("/api/v1/competitors", acme.token(),
                Map.of("name", "x".repeat(201), "domain", "a.example")), "name");
        for (String domain : List.of("https://a.example", "a.example/shop", "localhost", "a..example", "")) {
            assertInvalidField(api.post("/api/v1/competitors", acme.token(), Map.of("name", "A", "domain", domain)), "domain");
        }
        assertInvalidField(api.post("/api/v1/competitors", acme.token(), Map.of("name", "A")), "domain");
        assertInvalidField(api.post("/api/v1/competitors", acme.token(), Map.of("name", 7, "domain", "a.example")), "name");
        assertInvalidField(api.post("/api/v1/competitors", acme.token(),
                Map.of("name", "A", "domain", "a.example", "colour", "red")), "colour");
    }

    @Test
    void scopesAreEnforced() {
        String id = steps.register(acme.token(), "Bolt Outlet", "bolt-outlet.example");
        Api.TenantToken reader = api.token(acme.tenantId(), "competitors:read", "catalog:read");
        Api.TenantToken writer = api.token(acme.tenantId(), "competitors:write");

        assertProblem(api.post("/api/v1/competitors", reader.token(), Map.of("name", "A", "domain", "a.example")),
                403, "missing-scope");
        assertProblem(api.post("/api/v1/competitors/" + id + "/observations", reader.token(),
                Map.of("observations", List.of(Map.of()))), 403, "missing-scope");
        assertProblem(api.get("/api/v1/competitors", writer.token()), 403, "missing-scope");
        assertProblem(api.get("/api/v1/competitors/" + id + "/observations", writer.token()), 403, "missing-scope");
        assertProblem(api.get("/api/v1/analytics/price-position", writer.token()), 403, "missing-scope");
        assertThat(api.get("/api/v1/competitors", reader.token()).status()).isEqualTo(200);
    }

    @Test
    void anotherTenantsCompetitorIsNotFound() {
        String id = steps.register(acme.token(), "Bolt Outlet", "bolt-outlet.example");
        Api.TenantToken stranger = api.newTenant("Stranger");

        assertProblem(api.post("/api/v1/competitors/" + id + "/observations", stranger.token(),
                Map.of("observations", List.of(Map.of("sku", "X", "price", "1.00", "currency", "USD",
                        "observedAt", "2026-01-01T00:00:00Z")))), 404, "not-found");
        assertProblem(api.get("/api/v1/competitors/" + id + "/observations", stranger.token()), 404, "not-found");
        assertThat(api.get("/api/v1/competitors", stranger.token()).json().get("total").asInt()).isZero();
        assertProblem(api.get("/api/v1/competitors/00000000-0000-4000-8000-000000000000/observations", acme.token()),
                404, "not-found");
    }
}
