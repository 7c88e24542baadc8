package dev.calibrate.app.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load balancers see the status alone; every tenant's shops, sellers and errors, and the metrics,
 * are for operators holding an operator token, not for the public, tenants or the admin token.
 */
class ActuatorAccessTest extends IntegrationTest {

    private static final List<String> OPERATOR_ONLY = List.of("/actuator/prometheus", "/actuator/metrics",
            "/actuator/metrics/jvm.memory.used", "/actuator/health/shopify", "/actuator/health/eventProcessors",
            "/actuator");

    @Test
    void withoutATokenHealthAndTheProbesAnswerTheStatusAlone() {
        FakeShop shop = ShopifyFake.newShop("USD");
        Api.TenantToken tenant = api.newTenant("Public health " + UUID.randomUUID());
        ShopifyFake.connect(api, tenant, shop);

        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            Api.Response health = api.get(path, null);

            assertThat(health.status()).as(path + " " + health.body()).isEqualTo(200);
            JsonNode body = health.json();
            assertThat(body.path("status").asText()).as(path).isEqualTo("UP");
            List<String> fields = new ArrayList<>();
            body.fieldNames().forEachRemaining(fields::add);
            // the root also names its groups (liveness, readiness): no tenant's data
            assertThat(fields).as(path).isSubsetOf("status", "groups");
            assertThat(health.body()).as(path).doesNotContain(shop.domain(), "components", "details");
        }
        assertThat(api.healthDetails().body()).as("what an operator sees").contains(shop.domain());
    }

    @Test
    void detailsAndMetricsAreRefusedWithoutAnOperatorToken() {
        Api.TenantToken tenant = api.newTenant("Not an operator " + UUID.randomUUID());

        for (String path : OPERATOR_ONLY) {
            assertProblem(api.get(path, null), 401, "unauthorized");
            assertProblem(api.get(path, "clb_op_" + "0".repeat(32) + "_" + "A".repeat(43)), 401, "unauthorized");
            assertProblem(api.get(path, api.adminToken()), 403, "forbidden");
            assertProblem(api.get(path, tenant.token()), 403, "forbidden");
            Api.Response operator = api.get(path, api.operatorToken());
            assertThat(operator.status()).as(path + " " + operator.body()).isEqualTo(200);
        }
        // a token on the public paths must be an operator's too: a scraper misconfigured with the
        // admin token learns so instead of silently getting no details
        assertProblem(api.get("/actuator/health", api.adminToken()), 403, "forbidden");
        assertProblem(api.get("/actuator/health/liveness", tenant.token()), 403, "forbidden");
        assertProblem(api.get("/actuator/health", "not-a-token"), 401, "unauthorized");
    }

    @Test
    void anOperatorSeesEveryComponentsDetails() {
        JsonNode health = api.healthDetails().json();

        assertThat(health.path("status").asText()).isEqualTo("UP");
        for (String component : List.of("db", "eventProcessors", "priceChangeRuns", "shopify", "amazon",
                "livenessState", "readinessState")) {
            assertThat(health.path("components").path(component).path("status").asText()).as(component).isEqualTo("UP");
        }
        assertThat(health.at("/components/eventProcessors/details/catalog/running").asBoolean()).isTrue();
        assertThat(api.get("/actuator/prometheus", api.operatorToken()).body())
                .contains("calibrate_event_processor_errors{processing_group=\"catalog\"}");
    }

    @Test
    void anOperatorTokenOpensNeitherTheTenantApiNorTheAdminApi() {
        String operator = api.operatorToken();

        assertProblem(api.get("/api/v1/products", operator), 403, "forbidden");
        assertProblem(api.get("/admin/v1/tenants", operator), 403, "forbidden");
        assertProblem(api.get("/admin/v1/operator-tokens", operator), 403, "forbidden");
        assertProblem(api.post("/admin/v1/operator-tokens", operator,
                java.util.Map.of("name", "escalate", "scopes", List.of("metrics"))), 403, "forbidden");
    }
}
