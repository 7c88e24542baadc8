package dev.calibrate.app.shopify;

import dev.calibrate.app.shopify.WriteBackSteps.Shop;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A shop whose cost bucket is smaller than the calls Calibrate would like to make (an app may be
 * given less than a plan's bucket): the calls shrink to fit instead of being retried until they fail.
 */
class ShopifySmallBucketTest extends IntegrationTest {

    @AfterEach
    void everyCallWasValidShopify() {
        assertThat(ShopifyFake.server().invalidDocuments()).isEmpty();
        assertThat(ShopifyFake.server().unsupported()).isEmpty();
    }

    @Test
    void aSyncCompletesAgainstABucketSmallerThanAPage() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        FakeShop shop = connected.shop();
        shop.generateCatalog(25, 2, 21);
        // 50 points: a page of 200 variants asks 802 and could never pass
        shop.bucket(50, 500);

        Api.Response sync = api.post("/api/v1/connectors/shopify/sync?mode=paged", connected.tenant().token(), null);
        assertThat(sync.status()).as(sync.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> Set.of("COMPLETED", "FAILED")
                .contains(syncState(connected)));

        var status = api.get("/api/v1/connectors/shopify/status", connected.tenant().token()).json().path("sync");
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("COMPLETED");
        assertThat(status.path("variants").asInt()).isEqualTo(50);
        assertThat(shop.requests()).filteredOn(r -> "ProductVariants".equals(r.operationName()))
                .filteredOn(r -> r.outcome() == RecordedRequest.Outcome.EXECUTED).isNotEmpty()
                .allSatisfy(r -> assertThat(r.requestedCost()).isLessThanOrEqualTo(50));
    }

    @Test
    void aWriteBackCompletesAgainstABucketSmallerThanOneCall() {
        WriteBackSteps steps = new WriteBackSteps(api);
        String[] prices = new String[30];
        Arrays.fill(prices, "20.00");
        Shop shop = steps.syncedShop(1, prices);
        // one call for the product's 30 variants asks 10 + 30 / 5 = 16 points; the bucket holds 15
        shop.fake().bucket(15, 500);

        String change = steps.apply(shop, -10);

        Map<String, String> proposed = steps.proposed(shop, change);
        assertThat(proposed).hasSize(30).containsValue("18.00");
        steps.awaitShopPrices(shop.fake(), proposed);
        // the shop holds a call's prices a moment before the fake records the call, and the deliveries
        // record Shopify's answer after that: the calls are read once every delivery has its answer
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> steps.deliveries(shop.manager(), "SYNCED").size() == 30);
        List<RecordedRequest> calls = shop.fake().requests().stream()
                .filter(r -> "ProductVariantsBulkUpdate".equals(r.operationName())).toList();
        assertThat(calls).filteredOn(r -> r.requestedCost() > 15)
                .as("the call the bucket cannot hold is asked once, not retried until its prices fail")
                .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(RecordedRequest.Outcome.THROTTLED));
        assertThat(calls).filteredOn(r -> r.outcome() == RecordedRequest.Outcome.EXECUTED).hasSizeGreaterThan(1)
                .allSatisfy(r -> assertThat(r.requestedCost()).isLessThanOrEqualTo(15));
        assertThat(steps.deliveries(shop.manager(), "SYNCED")).hasSize(30)
                .allSatisfy((variant, row) -> assertThat(row.path("attempts").asInt()).as("attempts of %s", variant)
                        .isEqualTo(1));
    }

    private String syncState(ConnectedShop connected) {
        return api.get("/api/v1/connectors/shopify/status", connected.tenant().token()).json().path("sync").path("state")
                .asText();
    }
}
