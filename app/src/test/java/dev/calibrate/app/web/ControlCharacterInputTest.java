package dev.calibrate.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.PriceChangeSamples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No request body may carry a control character into an event: U+0000 (which PostgreSQL cannot
 * store) used to stop every projection for every tenant. Each area answers a 400 naming the field,
 * and nothing is written.
 */
class ControlCharacterInputTest extends IntegrationTest {

    private Api.TenantToken tenant;

    @BeforeEach
    void tenant() {
        tenant = api.newTenant("Control characters");
    }

    @Test
    void theIssuesReproductionIsA400NamingTheSkuAndStoresNothing() {
        Api.Response response = api.post("/api/v1/products", tenant.token(), """
                {"sku":"NUL\\u0000SKU","title":"x","prices":[{"currency":"USD","amount":"5.00"}]}""");

        JsonNode problem = assertInvalidField(response, "sku");
        assertThat(problem.path("errors").get(0).path("message").asText()).contains("U+0000");
        JsonNode page = api.get("/api/v1/products", tenant.token()).json();
        assertThat(page.path("items")).isEmpty();
    }

    @Test
    void everyProductFieldIsChecked() {
        assertInvalidField(post("/api/v1/products", product("title", "Tee\u0000")), "title");
        assertInvalidField(post("/api/v1/products", product("vendor", "Acme\u0007")), "vendor");
        assertInvalidField(post("/api/v1/products", product("productType", "\u001bShirts")), "productType");
        assertInvalidField(post("/api/v1/products", product("tags", List.of("summer", "sale\u007f"))), "tags[1]");
        assertInvalidField(post("/api/v1/products", product("channelRefs",
                Map.of("shopify", Map.of("variantId", "gid\u0000")))), "channelRefs.shopify.variantId");
        assertInvalidField(post("/api/v1/products", product("channelRefs",
                Map.of("shopify", Map.of("variant\u0000Id", "1")))), "channelRefs.shopify");
        // identifiers are not prose: not even a tab
        assertInvalidField(post("/api/v1/products", product("sku", "TEE\t1")), "sku");
    }

    @Test
    void freeTextKeepsTabsAndLineBreaks() {
        Api.Response response = post("/api/v1/products", product("title", "Tee\tBlue\nLarge"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @Test
    void aBatchNamesTheItemAndItsField() {
        Map<String, Object> good = Map.of("sku", "BATCH-1", "title", "One");
        Map<String, Object> bad = Map.of("sku", "BATCH-2", "title", "Two", "vendor", "Ac\u0000me");

        assertInvalidField(post("/api/v1/products:batch", Map.of("items", List.of(good, bad))), "items[1].vendor");
    }

    @Test
    void competitorsAndTheirObservationsAreChecked() {
        assertInvalidField(post("/api/v1/competitors", Map.of("name", "Rival\u0000", "domain", "rival.example")), "name");
        assertInvalidField(post("/api/v1/competitors", Map.of("name", "Rival", "domain", "rival\u0000.example")),
                "domain");
        Api.Response registered = post("/api/v1/competitors", Map.of("name", "Rival", "domain", "rival.example"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String competitor = registered.json().path("id").asText();

        assertInvalidField(post("/api/v1/competitors/" + competitor + "/observations", Map.of("observations",
                List.of(Map.of("sku", "TEE\u0000", "price", "5.00", "currency", "USD",
                        "observedAt", "2026-12-01T10:00:00Z")))), "observations[0].sku");
    }

    @Test
    void priceChangesTheirRulesAndDecisionsAreChecked() {
        assertInvalidField(post("/api/v1/price-changes",
                Map.of("name", "Sale\u0000", "rule", PriceChangeSamples.SUMMER_RULE)), "name");
        JsonNode rule = json("""
                {"selector": {"field": "sku", "op": "eq", "value": "TEE\\u0000"},
                 "transform": [{"op": "percent", "value": -10}], "currency": "USD"}""");
        assertInvalidField(post("/api/v1/price-changes", Map.of("name", "Sale", "rule", rule)), "rule.selector.value");

        Api.Response drafted = post("/api/v1/price-changes", Map.of("name", "Sale", "rule", PriceChangeSamples.SUMMER_RULE));
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        assertInvalidField(post("/api/v1/price-changes/" + drafted.json().path("id").asText() + "/reject",
                Map.of("reason", "no\u0000")), "reason");
    }

    @Test
    void policiesAreChecked() {
        Api.Response response = api.send("PUT", "/api/v1/policy", tenant.token(),
                Map.of("floors", Map.of("US\u0000", "1.00")));

        assertInvalidField(response, "floors");
    }

    @Test
    void tenantsAndTokensAreChecked() {
        assertInvalidField(api.post("/admin/v1/tenants", api.adminToken(),
                Map.of("name", "Acme\u0000", "defaultCurrency", "USD")), "name");
        assertInvalidField(api.post("/admin/v1/tenants/" + tenant.tenantId() + "/tokens", api.adminToken(),
                Map.of("name", "ci\u0000", "scopes", List.of("catalog:read"))), "name");
    }

    @Test
    void connectorConnectBodiesAreChecked() {
        assertInvalidField(post("/api/v1/connectors/shopify", Map.of("shop", "acme.myshopify.com",
                "accessToken", "shpat_\u0000", "apiSecret", "secret")), "accessToken");
        assertInvalidField(post("/api/v1/connectors/amazon", Map.of("sellerId", "A2SELLER", "region", "na",
                "marketplaceIds", List.of("ATVPDKIKX0DER"), "clientId", "client\u0001", "clientSecret", "secret",
                "refreshToken", "token")), "clientId");
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Api.Response post(String path, Object body) {
        return api.post(path, tenant.token(), body);
    }

    private static Map<String, Object> product(String field, Object value) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("sku", "TEE-1", "title", "Tee",
                "prices", List.of(Map.of("currency", "USD", "amount", "5.00"))));
        body.put(field, value);
        return body;
    }
}
