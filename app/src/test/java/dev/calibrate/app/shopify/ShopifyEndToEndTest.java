package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole loop against a fake shop of 500 products and 1,500 variants: connect, sync, a price change
 * previewed, approved by someone else and applied, written back while Shopify is busy (another app
 * drained the bucket), answers 503 and stalls past the timeout; then rolled back the same way. The shop
 * must end with exactly the intended prices, each variant having received its prices in order.
 */
@Tag("slow")
class ShopifyEndToEndTest extends IntegrationTest {

    @Test
    void aShopIsSyncedRepricedAndRolledBackExactlyWhileShopifyMisbehaves() {
        FakeShop shop = ShopifyFake.newShop("USD");
        shop.generateCatalog(500, 3, 7);
        Map<String, String> originals = ShopifyPriceHistory.prices(shop);
        assertThat(originals).hasSize(1500);
        Api.TenantToken manager = api.newTenant("End to end " + shop.domain());
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        PriceChangeSteps changes = new PriceChangeSteps(api);

        ShopifyFake.connect(api, manager, shop);
        assertThat(api.post("/api/v1/connectors/shopify/sync", manager.token(), null).status()).isEqualTo(202);
        await("sync").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(status(manager).path("sync").path("state").asText()).isEqualTo("COMPLETED"));
        await("catalog").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(api.get("/api/v1/products?size=1", manager.token()).json().path("total").asInt()).isEqualTo(1500));

        String change = changes.approved(manager.token(), approver.token(), "Shopify +10%", Map.of(
                "selector", Map.of("field", "channel", "op", "contains", "value", "shopify"),
                "transform", List.of(Map.of("op", "percent", "value", 10)), "currency", "USD"), Map.of());
        // archived and draft products were synced inactive: no rule selects them, their price stays
        Map<String, String> intended = new TreeMap<>(originals);
        for (JsonNode item : changes.items(manager.token(), change)) {
            intended.put(item.path("sku").asText(), item.path("proposedPrice").path("amount").asText());
        }
        assertThat(intended).hasSize(1500).allSatisfy((sku, price) -> assertThat(price).isNotBlank());
        int items = changes.items(manager.token(), change).size();
        assertThat(items).as("items (the active variants)").isGreaterThan(1200);
        int writesBefore = shop.writes().size();
        int throttledBefore = shop.throttledCount();
        shop.drain(shop.throttleStatus().currentlyAvailable() - 20);
        shop.failNext(3, 503).delayNext(2, Duration.ofSeconds(4));

        assertThat(changes.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
        changes.awaitApplied(manager.token(), change);
        awaitShopHolds(shop, intended);
        awaitItemsSynced(manager, change, items);

        shop.failNext(2, 502);
        assertThat(changes.action(manager.token(), change, "rollback", null).status()).isEqualTo(202);
        changes.awaitRolledBack(manager.token(), change);
        awaitShopHolds(shop, originals);

        ShopifyPriceHistory.assertInOrderAndNeverStale(ShopifyPriceHistory.writesSince(shop, writesBefore), intended, originals);
        assertThat(shop.throttledCount() - throttledBefore).as("throttled answers (the client paces itself)").isLessThan(10);
        assertThat(ShopifyFake.server().invalidDocuments()).isEmpty();
        assertThat(ShopifyFake.server().unsupported()).isEmpty();
        assertThat(status(manager).path("deliveries").path("failed").asLong()).isZero();
    }

    private JsonNode status(Api.TenantToken tenant) {
        return api.get("/api/v1/connectors/shopify/status", tenant.token()).json();
    }

    private static void awaitShopHolds(FakeShop shop, Map<String, String> expected) {
        await("prices at " + shop.domain()).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(ShopifyPriceHistory.prices(shop)).isEqualTo(expected));
    }

    /** Every applied item's channel state reads SYNCED in the price change's items. */
    private void awaitItemsSynced(Api.TenantToken manager, String change, int items) {
        await("items synced").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(api.get("/api/v1/price-changes/" + change + "/items?size=1&channelState=SYNCED", manager.token())
                        .json().path("total").asInt()).isEqualTo(items));
    }
}
