package dev.calibrate.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ProductBodies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_RULE;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * No endpoint tells "someone else's", "something else's" or "not yours" apart from "nobody's": for
 * every endpoint that takes an id, a random id, another tenant's ids, and the caller's own id of another
 * kind all answer the same 404, byte for byte but for the request id. Product and competitor ids are
 * name-based (tenant and SKU, tenant and domain), so any difference would let a tenant probe another
 * tenant's catalog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExistenceOracleTest extends IntegrationTest {

    /** Whose id, of which kind, stands in for the endpoint's id. */
    enum Stranger {
        RANDOM, THEIR_PRODUCT, THEIR_PRICE_CHANGE, THEIR_COMPETITOR, OWN_ID_OF_ANOTHER_KIND
    }

    /** What kind of id the endpoint expects, which decides which of the caller's own ids is of another kind. */
    enum Kind { PRODUCT, PRICE_CHANGE, COMPETITOR, TENANT, TOKEN }

    record Endpoint(String method, String path, Kind kind, boolean admin, Object body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Its own client: the table's fixtures are made once, before the per-test {@code api} exists. */
    private Api client;
    private Api.TenantToken acme;
    private String ownProduct;
    private String ownPriceChange;
    private String ownCompetitor;
    private String theirProduct;
    private String theirPriceChange;
    private String theirCompetitor;

    @BeforeAll
    void twoTenantsWithOneOfEverything() {
        client = new Api("http://localhost:" + port, ADMIN_TOKEN, mapper);
        acme = client.newTenant("Oracle Acme");
        Api.TenantToken globex = client.newTenant("Oracle Globex");
        ownProduct = product(acme, "ORACLE-1");
        ownPriceChange = priceChange(acme);
        ownCompetitor = competitor(acme);
        theirProduct = product(globex, "ORACLE-1");
        theirPriceChange = priceChange(globex);
        theirCompetitor = competitor(globex);
    }

    static Stream<Arguments> endpointsAndStrangers() {
        Map<String, Object> definition = Map.of("name", "Probe", "rule", SUMMER_RULE);
        Map<String, Object> observations = Map.of("observations", List.of(Map.of("sku", "ORACLE-1",
                "price", "9.99", "currency", "USD", "observedAt", "2026-11-01T00:00:00Z")));
        List<Endpoint> endpoints = List.of(
                new Endpoint("GET", "/api/v1/products/{id}", Kind.PRODUCT, false, null),
                new Endpoint("DELETE", "/api/v1/products/{id}", Kind.PRODUCT, false, null),
                new Endpoint("GET", "/api/v1/products/{id}/history", Kind.PRODUCT, false, null),
                new Endpoint("GET", "/api/v1/products/{id}/price-at?currency=USD&at=2026-12-01T00:00:00Z", Kind.PRODUCT, false, null),
                new Endpoint("GET", "/api/v1/products/{id}/competitors", Kind.PRODUCT, false, null),
                new Endpoint("POST", "/api/v1/connectors/shopify/drift/{id}/accept", Kind.PRODUCT, false, null),
                new Endpoint("POST", "/api/v1/connectors/shopify/drift/{id}/repair", Kind.PRODUCT, false, null),
                new Endpoint("GET", "/api/v1/price-changes/{id}", Kind.PRICE_CHANGE, false, null),
                new Endpoint("PUT", "/api/v1/price-changes/{id}", Kind.PRICE_CHANGE, false, definition),
                new Endpoint("POST", "/api/v1/price-changes/{id}/preview", Kind.PRICE_CHANGE, false, null),
                new Endpoint("GET", "/api/v1/price-changes/{id}/preview", Kind.PRICE_CHANGE, false, null),
                new Endpoint("GET", "/api/v1/price-changes/{id}/items", Kind.PRICE_CHANGE, false, null),
                new Endpoint("POST", "/api/v1/price-changes/{id}/submit", Kind.PRICE_CHANGE, false, null),
                new Endpoint("POST", "/api/v1/price-changes/{id}/approve", Kind.PRICE_CHANGE, false,
                        Map.of("previewHash", "0".repeat(64))),
                new Endpoint("POST", "/api/v1/price-changes/{id}/reject", Kind.PRICE_CHANGE, false,
                        Map.of("reason", "probing")),
                new Endpoint("POST", "/api/v1/price-changes/{id}/cancel", Kind.PRICE_CHANGE, false, null),
                new Endpoint("POST", "/api/v1/price-changes/{id}/apply", Kind.PRICE_CHANGE, false, null),
                new Endpoint("POST", "/api/v1/price-changes/{id}/rollback", Kind.PRICE_CHANGE, false, null),
                new Endpoint("POST", "/api/v1/competitors/{id}/observations", Kind.COMPETITOR, false, observations),
                new Endpoint("GET", "/api/v1/competitors/{id}/observations", Kind.COMPETITOR, false, null),
                new Endpoint("POST", "/admin/v1/tenants/{id}/tokens", Kind.TENANT, true,
                        Map.of("name", "probe", "scopes", List.of("catalog:read"))),
                new Endpoint("DELETE", "/admin/v1/tenants/{id}/tokens/" + UUID.randomUUID(), Kind.TENANT, true, null),
                new Endpoint("DELETE", "/admin/v1/tenants/{acme}/tokens/{id}", Kind.TOKEN, true, null),
                new Endpoint("DELETE", "/admin/v1/operator-tokens/{id}", Kind.TOKEN, true, null));
        // not here: the admin's run retry and abandon, which see every tenant's changes by design (another
        // tenant's change that did not fail is a 409 for the admin); FailedRunTest covers their 404s
        return endpoints.stream().flatMap(endpoint -> Arrays.stream(Stranger.values())
                .map(stranger -> arguments(endpoint, stranger)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("endpointsAndStrangers")
    void answersExactlyAsForARandomId(Endpoint endpoint, Stranger stranger) {
        Api.Response nobodys = call(endpoint, UUID.randomUUID().toString());
        Api.Response strangers = call(endpoint, idOf(stranger, endpoint.kind()));

        assertProblem(nobodys, 404, "not-found");
        assertProblem(strangers, 404, "not-found");
        assertThat(strangers.contentType()).isEqualTo(nobodys.contentType());
        assertThat(comparable(strangers)).isEqualTo(comparable(nobodys));
    }

    private Api.Response call(Endpoint endpoint, String id) {
        String path = endpoint.path().replace("{id}", id).replace("{acme}", acme.tenantId());
        return client.send(endpoint.method(), path, endpoint.admin() ? ADMIN_TOKEN : acme.token(), endpoint.body());
    }

    private String idOf(Stranger stranger, Kind kind) {
        return switch (stranger) {
            case RANDOM -> UUID.randomUUID().toString();
            case THEIR_PRODUCT -> theirProduct;
            case THEIR_PRICE_CHANGE -> theirPriceChange;
            case THEIR_COMPETITOR -> theirCompetitor;
            case OWN_ID_OF_ANOTHER_KIND -> switch (kind) {
                case PRODUCT -> ownPriceChange;
                case PRICE_CHANGE -> ownCompetitor;
                case COMPETITOR, TENANT, TOKEN -> ownProduct;
            };
        };
    }

    /** The body without what differs per request by design: its id and the path it answers. */
    private static JsonNode comparable(Api.Response response) {
        ObjectNode problem = (ObjectNode) response.json();
        problem.remove(List.of("requestId", "instance"));
        return problem;
    }

    private String product(Api.TenantToken tenant, String sku) {
        Api.Response written = client.post("/api/v1/products", tenant.token(), ProductBodies.product(sku, "25.00"));
        assertThat(written.status()).as(written.body()).isEqualTo(201);
        return written.json().get("id").asText();
    }

    private String priceChange(Api.TenantToken tenant) {
        Api.Response drafted = client.post("/api/v1/price-changes", tenant.token(),
                Map.of("name", "Oracle sale", "rule", SUMMER_RULE));
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        return drafted.json().get("id").asText();
    }

    private String competitor(Api.TenantToken tenant) {
        Api.Response registered = client.post("/api/v1/competitors", tenant.token(),
                Map.of("name", "Rival", "domain", "rival-oracle.example"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.json().get("id").asText();
    }
}
