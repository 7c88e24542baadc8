package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Throttling over HTTP, on a clock only the test moves. */
class FakeShopifyThrottleTest {

    private static final String TEN_PRODUCTS = "{ products(first: 10) { nodes { id } } }"; // requested 2 + 10 × 1

    private final FakeClock clock = new FakeClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final FakeShopify shopify = new FakeShopify(clock);
    private final FakeShop shop = shopify.addShop("throttle.myshopify.com", "shpat_throttle", "USD");
    private final TestClient client = new TestClient(shop);

    @AfterEach
    void stop() {
        shopify.close();
    }

    @Test
    void a_query_costing_more_than_the_bucket_holds_is_throttled_with_shopifys_body_and_status_200() {
        shop.drain(1995);

        TestClient.Answer answer = client.graphQl(TEN_PRODUCTS);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.has("data")).isFalse();
        assertThat(json.at("/errors/0/message").asText()).isEqualTo("Throttled");
        assertThat(json.at("/errors/0/extensions/code").asText()).isEqualTo("THROTTLED");
        assertThat(json.at("/errors/0/extensions/documentation").asText()).isEqualTo("https://shopify.dev/api/usage/rate-limits");
        JsonNode cost = json.at("/extensions/cost");
        assertThat(cost.get("requestedQueryCost").asInt()).isEqualTo(12);
        assertThat(cost.get("actualQueryCost").isNull()).isTrue();
        assertThat(cost.get("throttleStatus").toString())
                .isEqualTo("{\"maximumAvailable\":2000.0,\"currentlyAvailable\":5,\"restoreRate\":100.0}");
        assertThat(shop.throttledCount()).isEqualTo(1);
        assertThat(shop.throttleStatus().currentlyAvailable()).as("a throttled query costs nothing").isEqualTo(5);
    }

    @Test
    void a_bucket_smaller_than_a_query_throttles_it_however_long_the_client_waits() {
        shop.bucket(10, 5);
        clock.advance(Duration.ofHours(1));

        JsonNode cost = client.graphQl(TEN_PRODUCTS).json().at("/extensions/cost");

        assertThat(cost.get("requestedQueryCost").asInt()).isEqualTo(12);
        assertThat(cost.get("throttleStatus").toString())
                .isEqualTo("{\"maximumAvailable\":10.0,\"currentlyAvailable\":10,\"restoreRate\":5.0}");
        assertThat(shop.throttledCount()).isEqualTo(1);
    }

    @Test
    void a_variants_bulk_update_costs_ten_plus_a_fifth_of_a_point_per_variant() {
        FakeProduct product = shop.addProduct("Many", Collections.nCopies(120, "5.00").toArray(String[]::new));
        List<Map<String, String>> variants = shop.variantsOf(product.gid()).stream()
                .map(v -> Map.of("id", v.gid(), "price", "6.00")).toList();

        JsonNode cost = client.graphQl("""
                mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
                  productVariantsBulkUpdate(productId: $productId, variants: $variants) { userErrors { message } }
                }""", Map.of("productId", product.gid(), "variants", variants)).json().at("/extensions/cost");

        assertThat(cost.get("requestedQueryCost").asInt()).isEqualTo(10 + 120 / 5);
        assertThat(cost.get("actualQueryCost").asInt()).isEqualTo(10 + 120 / 5);
    }

    @Test
    void the_same_throttled_answer_can_come_with_status_429() {
        shop.throttleWithStatus(429).drain(2000);

        TestClient.Answer answer = client.graphQl(TEN_PRODUCTS);

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.json().at("/errors/0/extensions/code").asText()).isEqualTo("THROTTLED");
        assertThat(answer.json().at("/extensions/cost/actualQueryCost").isNull()).isTrue();
    }

    @Test
    void waiting_the_deficit_over_the_restore_rate_is_enough_to_be_served() {
        shop.drain(2000);
        assertThat(client.graphQl(TEN_PRODUCTS).json().at("/errors/0/extensions/code").asText()).isEqualTo("THROTTLED");

        clock.advance(Duration.ofMillis(120)); // 12 points at 100/s

        TestClient.Answer answer = client.graphQl(TEN_PRODUCTS);
        assertThat(answer.json().has("errors")).isFalse();
        // charged 12, refunded 12 - 2 because the shop has no products: 2 points used
        assertThat(answer.json().at("/extensions/cost/actualQueryCost").asInt()).isEqualTo(2);
        assertThat(answer.json().at("/extensions/cost/throttleStatus/currentlyAvailable").asInt()).isEqualTo(10);
    }

    @Test
    void the_bucket_is_reported_with_fractions_while_it_refills() {
        shop.drain(1000);
        clock.advance(Duration.ofMillis(5)); // + 0.5 point

        JsonNode throttle = client.graphQl("{ shop { name } }").json().at("/extensions/cost/throttleStatus");

        assertThat(throttle.get("currentlyAvailable").isFloatingPointNumber()).isTrue();
        assertThat(throttle.get("currentlyAvailable").asDouble()).isEqualTo(999.5);
    }

    @Test
    void a_single_query_above_1000_points_is_refused_whatever_the_bucket_holds() {
        TestClient.Answer answer = client.graphQl(
                "{ products(first: 250) { nodes { id variants(first: 100) { nodes { id } } } } }");

        JsonNode error = answer.json().at("/errors/0");
        assertThat(error.at("/extensions/code").asText()).isEqualTo("MAX_COST_EXCEEDED");
        assertThat(error.at("/extensions/cost").asInt()).isEqualTo(2 + 250 * (1 + 2 + 100));
        assertThat(error.at("/extensions/maxCost").asInt()).isEqualTo(1000);
        assertThat(shop.throttleStatus().currentlyAvailable()).isEqualTo(2000);
    }

    @Test
    void mutations_cost_ten_and_plans_change_the_bucket() {
        shop.plan(1000);

        JsonNode cost = client.graphQl("""
                mutation { webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/1") { userErrors { message } } }""")
                .json().at("/extensions/cost");

        assertThat(cost.get("requestedQueryCost").asInt()).isEqualTo(10);
        assertThat(cost.get("actualQueryCost").asInt()).isEqualTo(10);
        assertThat(cost.at("/throttleStatus/maximumAvailable").asDouble()).isEqualTo(20_000.0);
        assertThat(cost.at("/throttleStatus/currentlyAvailable").asInt()).isEqualTo(19_990);
    }

    @Test
    void a_client_pacing_itself_from_throttle_status_is_never_throttled() {
        shop.generateCatalog(10, 1, 1); // so every query really uses its 12 points
        shop.drain(1980);
        for (int i = 0; i < 20; i++) {
            JsonNode throttle = client.graphQl(TEN_PRODUCTS).json().at("/extensions/cost/throttleStatus");
            double available = throttle.get("currentlyAvailable").asDouble();
            if (available < 12) {
                clock.advance(Duration.ofMillis((long) Math.ceil((12 - available) / throttle.get("restoreRate").asDouble() * 1000)));
            }
        }

        assertThat(shop.throttledCount()).isZero();
        assertThat(shop.requestCount()).isEqualTo(20);
    }
}
