package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators see of a connected shop: the health component, the status endpoint's api member, metrics. */
class ShopifyHealthTest extends IntegrationTest {

    @Test
    void aConnectedShopShowsItsTokenLastCallAndBucketInHealthAndStatus() {
        FakeShop shop = ShopifyFake.newShop("USD");
        Api.TenantToken tenant = api.newTenant("Health " + UUID.randomUUID());
        ShopifyFake.connect(api, tenant, shop);

        JsonNode component = api.healthDetails().json().path("components").path("shopify");
        assertThat(component.path("status").asText()).isEqualTo("UP");
        JsonNode entry = shopEntry(component, shop.domain());
        assertThat(entry.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(entry.path("tokenValid").asBoolean()).isTrue();
        assertThat(entry.path("lastSuccessAt").isTextual()).isTrue();
        assertThat(entry.path("circuitBreaker").asText()).isEqualTo("CLOSED");
        assertThat(entry.path("costBucket").path("maximum").asLong()).isEqualTo(2000);
        assertThat(entry.path("costBucket").path("restoreRatePerSecond").asDouble()).isEqualTo(100.0);
        assertThat(entry.path("pendingWrites").asLong()).isZero();
        assertThat(component.path("details").path("attention").has(shop.domain())).isFalse();

        JsonNode status = api.get("/api/v1/connectors/shopify/status", tenant.token()).json();
        assertThat(status.path("api").path("tokenValid").asBoolean()).isTrue();
        assertThat(status.path("api").path("costBucket").path("headroomPercent").asLong()).isBetween(90L, 100L);
    }

    @Test
    void aRefusedTokenNeedsAttention() {
        FakeShop shop = ShopifyFake.newShop("USD");
        Api.TenantToken tenant = api.newTenant("Refused " + UUID.randomUUID());
        ShopifyFake.connect(api, tenant, shop);
        shop.expireAccessTokens();

        api.post("/api/v1/connectors/shopify/sync", tenant.token(), java.util.Map.of());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode component = api.healthDetails().json().path("components").path("shopify");
            assertThat(component.path("details").path("attention").path(shop.domain()).asText()).containsIgnoringCase("token");
            assertThat(shopEntry(component, shop.domain()).path("tokenValid").asBoolean()).isFalse();
        });
        JsonNode status = api.get("/api/v1/connectors/shopify/status", tenant.token()).json();
        assertThat(status.path("api").path("tokenValid").asBoolean()).isFalse();
        assertThat(status.path("api").path("lastFailure").asText()).contains("UNAUTHORIZED");
    }

    @Test
    void callsCostAndDeliveriesAreMetrics() {
        FakeShop shop = ShopifyFake.newShop("USD");
        ShopifyFake.connect(api, api.newTenant("Metrics " + UUID.randomUUID()), shop);

        String metrics = api.get("/actuator/prometheus", api.operatorToken()).body();

        assertThat(metrics).contains("calibrate_shopify_calls_seconds_count{operation=\"Shop\",outcome=\"ok\"")
                .contains("calibrate_shopify_query_cost_count")
                .contains("calibrate_shopify_throttled_total")
                .contains("calibrate_shopify_retries_total")
                .contains("calibrate_shopify_deliveries_pending")
                .contains("calibrate_shopify_deliveries_failed")
                .contains("calibrate_shopify_connections_attention");
    }

    @Test
    void theMostDrainedBucketIsAGaugeWithoutShopNames() {
        // 2,000 points restoring 1 a second, 1,000 of them taken by another app: about half left
        FakeShop shop = ShopifyFake.newShop("USD").bucket(2000, 1).drain(1000);
        ShopifyFake.connect(api, api.newTenant("Drained " + UUID.randomUUID()), shop);

        String metrics = api.get("/actuator/prometheus", api.operatorToken()).body();

        java.util.regex.Matcher lowest = java.util.regex.Pattern
                .compile("(?m)^calibrate_shopify_bucket_lowest_percent\\s+(\\S+)$").matcher(metrics);
        assertThat(lowest.find()).as(metrics).isTrue();
        // the lowest of every shop this node called: this one's, or a lower one of another test's
        assertThat(Double.parseDouble(lowest.group(1))).isBetween(0.0, 60.0);
    }

    private static JsonNode shopEntry(JsonNode component, String domain) {
        for (JsonNode shop : component.path("details").path("shops")) {
            if (shop.path("shop").asText().equals(domain)) {
                return shop;
            }
        }
        throw new AssertionError("no health entry for " + domain + " in " + component);
    }
}
