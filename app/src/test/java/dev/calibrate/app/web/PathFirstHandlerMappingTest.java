package dev.calibrate.app.web;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler mapping that tests a mapping's path before its other conditions is the one in use, and
 * paths with variables still reach the handler of their method, or the answer for no match.
 */
class PathFirstHandlerMappingTest extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void theMappingInUseTestsThePathFirst() {
        assertThat(mapping).isInstanceOf(PathFirstHandlerMapping.Mapping.class);
    }

    @Test
    void aPathWithAVariableReachesTheHandlerOfItsMethodOrTheAnswerForNoMatch() {
        Api.TenantToken tenant = api.newTenant("Path first " + UUID.randomUUID());
        new PriceChangeSteps(api).catalog(tenant.token(), List.of(Map.of("sku", "PF-1", "title", "Path first",
                "prices", List.of(Map.of("currency", "USD", "amount", "10.00")))));
        Api.Response list = api.get("/api/v1/products?sku=PF-1", tenant.token());
        String id = list.json().get("items").get(0).get("id").asText();

        Api.Response product = api.get("/api/v1/products/" + id, tenant.token());
        assertThat(product.status()).as(product.body()).isEqualTo(200);
        assertThat(product.json().get("sku").asText()).isEqualTo("PF-1");
        Api.Response history = api.get("/api/v1/products/" + id + "/history", tenant.token());
        assertThat(history.status()).as("a longer path under the same prefix: " + history.body()).isEqualTo(200);
        assertThat(history.body()).contains("10.00");
        assertThat(api.send("PATCH", "/api/v1/products/" + id, tenant.token(), Map.of()).status())
                .as("no PATCH on a product").isEqualTo(405);
        assertThat(api.get("/api/v1/products/" + id, tenant.token(), "Accept", "text/csv").status())
                .as("a product is only JSON").isEqualTo(406);
        assertThat(api.get("/api/v1/products/" + id + "/no-such-part", tenant.token()).status()).isEqualTo(404);
    }
}
