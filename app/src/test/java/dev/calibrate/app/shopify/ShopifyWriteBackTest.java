package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.shopify.WriteBackSteps.Shop;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.fake.FakeBulkOperation;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import dev.calibrate.connectors.shopify.fake.PriceWrite;
import dev.calibrate.connectors.shopify.writeback.DeliveryIntent;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries;
import dev.calibrate.connectors.shopify.writeback.sending.ShopifyWriteBackTuning;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.calibrate.app.shopify.WriteBackSteps.DELIVERIES;
import static dev.calibrate.app.shopify.WriteBackSteps.shopPrices;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prices a price change sets reach Shopify, exactly and once, whatever Shopify does meanwhile:
 * refuses a variant, throttles, fails, or has an older price still on its way.
 */
@Tag("slow")
class ShopifyWriteBackTest extends IntegrationTest {

    @Autowired
    ShopifyWriteBackTuning tuning;
    @Autowired
    ShopifyConnections connections;
    @Autowired
    ShopifyDeliveries deliveries;

    private WriteBackSteps steps;

    @BeforeEach
    void steps() {
        steps = new WriteBackSteps(api);
    }

    @AfterEach
    void everyCallWasValidShopify() {
        tuning.reset();
        assertThat(ShopifyFake.server().invalidDocuments()).isEmpty();
        assertThat(ShopifyFake.server().unsupported()).isEmpty();
    }

    @Test
    void appliedPricesReachShopifyOnceAndARollbackRestoresThem() {
        Shop shop = steps.syncedShop(4, "20.00", "30.00");
        Map<String, String> originals = shopPrices(shop.fake());

        String change = steps.apply(shop, -10);

        Map<String, String> proposed = steps.proposed(shop, change);
        assertThat(proposed).hasSize(8).containsValues("18.00", "27.00");
        steps.awaitShopPrices(shop.fake(), proposed);
        steps.awaitRecorded(shop, "ChannelPriceSynced", change, "APPLY");
        assertThat(shop.fake().writes()).as("one write per variant").hasSize(8)
                .extracting(PriceWrite::via).containsOnly("productVariantsBulkUpdate");
        assertThat(shop.fake().rootFieldCounts().get("productVariantsBulkUpdate"))
                .as("calls: per Shopify product, not per variant").isLessThanOrEqualTo(8);
        assertThat(steps.deliveries(shop.manager(), "SYNCED")).hasSize(8).allSatisfy((variant, row) -> {
            assertThat(row.path("priceChangeId").asText()).isEqualTo(change);
            assertThat(row.path("action").asText()).isEqualTo("APPLY");
            assertThat(row.path("syncedAt").asText()).isNotEmpty();
        });

        steps.rollBack(shop, change);

        steps.awaitShopPrices(shop.fake(), originals);
        steps.awaitRecorded(shop, "ChannelPriceSynced", change, "ROLLBACK");
        JsonNode status = steps.status(shop.manager()).path("deliveries");
        assertThat(status.path("pending").asLong()).isZero();
        assertThat(status.path("failed").asLong()).isZero();
        assertThat(status.path("lastSyncedAt").asText()).isNotEmpty();
    }

    @Test
    void aVariantShopifyRefusesFailsWithItsReasonItsSiblingStillLandsAndARetrySendsItAgain() {
        Shop shop = steps.syncedShop(2, "20.00", "30.00");
        FakeVariant refused = shop.fake().variants().get(1);
        FakeVariant sibling = shop.fake().variants().get(0);
        shop.fake().rejectPrice(refused.gid(), "INVALID_INPUT", "Product is suspended");

        String change = steps.apply(shop, -10);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(steps.deliveries(shop.manager(), "FAILED")).containsOnlyKeys(refused.gid()));
        JsonNode failed = steps.deliveries(shop.manager(), "FAILED").get(refused.gid());
        assertThat(failed.path("reason").asText()).isEqualTo("Shopify refused the price: Product is suspended (variants.1.price)");
        assertThat(failed.path("errors").path(0).path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(failed.path("price").path("amount").asText()).isEqualTo("27.00");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(steps.events(shop,
                shop.product(refused), "ChannelPriceSyncFailed")).singleElement().satisfies(e -> {
                    assertThat(e.path("reason").asText()).contains("Product is suspended");
                    assertThat(e.path("errors").path(0).path("field").asText()).isEqualTo("variants.1.price");
                }));
        // Shopify wrote neither variant of that call; the sibling goes again on its own and lands
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(shopPrices(shop.fake()).get(sibling.sku())).isEqualTo("18.00"));
        assertThat(shopPrices(shop.fake()).get(refused.sku())).isEqualTo("30.00");
        assertThat(steps.status(shop.manager()).path("deliveries").path("failed").asLong()).isEqualTo(1);

        shop.fake().clearRejections();
        Api.Response retried = api.post(DELIVERIES + "/retry", shop.manager().token(), null);

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().path("requeued").asInt()).isEqualTo(1);
        steps.awaitShopPrices(shop.fake(), steps.proposed(shop, change));
        steps.awaitRecorded(shop, "ChannelPriceSynced", change, "APPLY");
    }

    @Test
    void aThrottledShopStillGetsEveryPriceAndIsRarelyThrottled() {
        Shop shop = steps.syncedShop(25, "40.00");
        connections.status(shop.tenantId(), ShopConnection.Status.TOKEN_INVALID, "test: hold the writes");
        String change = steps.apply(shop, -25);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(steps.deliveries(shop.manager(), "PENDING")).hasSize(25));
        // another app empties the bucket just as the writes go: 25 calls of 10 points at 100 points/s
        // need at least 2.5 s, and the write-back has to wait for the bucket rather than hit it
        shop.fake().drain(shop.fake().throttleStatus().currentlyAvailable());
        int throttledBefore = shop.fake().throttledCount();

        connections.status(shop.tenantId(), ShopConnection.Status.ACTIVE, null);

        steps.awaitShopPrices(shop.fake(), steps.proposed(shop, change));
        steps.awaitRecorded(shop, "ChannelPriceSynced", change, "APPLY");
        assertThat(shop.fake().throttledCount() - throttledBefore).as("throttled answers").isLessThanOrEqualTo(2);
        assertThat(shop.fake().writes()).hasSize(25);
    }

    @Test
    void serverErrorsAreRetriedAndEveryPriceLandsOnce() {
        Shop shop = steps.syncedShop(3, "20.00");
        shop.fake().failNext(1, 502).failNext(1, 503);

        String change = steps.apply(shop, 10);

        steps.awaitShopPrices(shop.fake(), steps.proposed(shop, change));
        steps.awaitRecorded(shop, "ChannelPriceSynced", change, "APPLY");
        assertThat(shop.fake().writes()).hasSize(3);
    }

    @Test
    void aShopThatStaysDownGetsItsPricesOnceItIsBack() {
        Shop shop = steps.syncedShop(2, "20.00");
        // a call's every attempt fails, and that opens the shop's circuit breaker (60 % of its last 10
        // calls, the sync's among them): the prices back off and go again once it lets calls through
        shop.fake().failNext(6, 503);

        String change = steps.apply(shop, 10);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps.deliveries(shop.manager(), "PENDING"))
                .isNotEmpty().allSatisfy((variant, row) -> {
                    assertThat(row.path("attempts").asInt()).isPositive();
                    assertThat(row.path("reason").asText()).isNotEmpty();
                }));
        steps.awaitShopPrices(shop.fake(), steps.proposed(shop, change));
        steps.awaitRecorded(shop, "ChannelPriceSynced", change, "APPLY");
        assertThat(shop.fake().writes()).hasSize(2);
    }

    @Test
    void aNewerPriceReplacesAnOlderOneNotYetSentWhichIsNeverSentAndIsRecordedSuperseded() {
        Shop shop = steps.syncedShop(3, "20.00");
        // writes wait while the token is refused: both changes pile up before anything is sent
        connections.status(shop.tenantId(), ShopConnection.Status.TOKEN_INVALID, "test: hold the writes");

        String older = steps.apply(shop, -10);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps.deliveries(shop.manager(), "PENDING"))
                .hasSize(3).allSatisfy((variant, row) -> assertThat(row.path("priceChangeId").asText()).isEqualTo(older)));
        String newer = steps.apply(shop, 50);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps.deliveries(shop.manager(), "PENDING"))
                .hasSize(3).allSatisfy((variant, row) -> assertThat(row.path("priceChangeId").asText()).isEqualTo(newer)));
        steps.awaitRecorded(shop, "ChannelPriceSyncSuperseded", older, "APPLY");
        assertThat(shop.fake().writes()).isEmpty();

        connections.status(shop.tenantId(), ShopConnection.Status.ACTIVE, null);

        Map<String, String> newest = steps.proposed(shop, newer);
        assertThat(newest.values()).containsOnly("27.00");
        steps.awaitShopPrices(shop.fake(), newest);
        steps.awaitRecorded(shop, "ChannelPriceSynced", newer, "APPLY");
        assertThat(shop.fake().writes()).extracting(PriceWrite::price).containsOnly("27.00").hasSize(3);
    }

    @Test
    void aReplayedOrRedeliveredOlderEventNeverReplacesANewerIntent() {
        Shop shop = steps.syncedShop(2, "20.00");
        String change = steps.apply(shop, -10);
        steps.awaitShopPrices(shop.fake(), steps.proposed(shop, change));
        steps.awaitRecorded(shop, "ChannelPriceSynced", change, "APPLY");
        List<PriceWrite> before = shop.fake().writes();
        Map<String, JsonNode> recorded = steps.deliveries(shop.manager(), null);

        // a replay of the whole group rebuilds the variant links and sends nothing
        Api.Response replay = api.post("/admin/v1/projections/shopify-channel/replay", api.adminToken(), null);
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        EventProcessors.awaitCaughtUp(api, "shopify-channel");

        assertThat(steps.deliveries(shop.manager(), null)).isEqualTo(recorded);
        assertThat(shop.fake().writes()).isEqualTo(before);

        // the record itself: an intent only replaces one with a lower sequence number
        TenantId tenant = TenantId.random();
        ProductId product = new ProductId(UUID.randomUUID());
        assertThat(deliveries.intend(intent(tenant, product, 7, "25.00"), Instant.now()).written()).isTrue();
        assertThat(deliveries.intend(intent(tenant, product, 5, "20.00"), Instant.now()).written()).isFalse();
        assertThat(deliveries.intend(intent(tenant, product, 7, "21.00"), Instant.now()).written()).isFalse();
        assertThat(deliveries.find(tenant, product)).hasValueSatisfying(d -> {
            assertThat(d.intent().seq()).isEqualTo(7);
            assertThat(d.intent().price().amount()).isEqualByComparingTo("25.00");
        });
        ShopifyDeliveries.Intended newer = deliveries.intend(intent(tenant, product, 9, "30.00"), Instant.now());
        assertThat(newer.written()).isTrue();
        assertThat(newer.previous()).hasValueSatisfying(p -> {
            assertThat(p.intent().seq()).isEqualTo(7);
            assertThat(p.status()).isEqualTo(ShopifyDeliveries.Status.PENDING);
        });
    }

    @Test
    void aShopWithMoreDueProductsThanTheThresholdGetsOneBulkMutation() {
        Shop shop = steps.syncedShop(6, "20.00", "30.00");
        FakeVariant refused = shop.fake().variants().get(3);
        shop.fake().rejectPrice(refused.gid(), "INVALID_INPUT", "Product is suspended");
        tuning.bulkMutationThreshold(2);
        // hold the writes until every price is due, so one round sees all six products
        connections.status(shop.tenantId(), ShopConnection.Status.TOKEN_INVALID, "test: hold the writes");
        String change = steps.apply(shop, -10);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(steps.deliveries(shop.manager(), "PENDING")).hasSize(12));

        connections.status(shop.tenantId(), ShopConnection.Status.ACTIVE, null);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(steps.deliveries(shop.manager(), "FAILED")).containsOnlyKeys(refused.gid()));
        // the refused variant's sibling was not written with it; it goes again and lands
        Map<String, String> expected = new TreeMap<>(steps.proposed(shop, change));
        expected.put(refused.sku(), "30.00");
        steps.awaitShopPrices(shop.fake(), expected);
        assertThat(shop.fake().bulkOperations()).extracting(FakeBulkOperation::type).contains("MUTATION");
        Map<String, Long> via = shop.fake().writes().stream()
                .collect(Collectors.groupingBy(PriceWrite::via, Collectors.counting()));
        assertThat(via.get("bulkOperationRunMutation")).isEqualTo(10);
        assertThat(steps.deliveries(shop.manager(), "FAILED").get(refused.gid()).path("reason").asText())
                .contains("Product is suspended");
    }

    @Test
    void aPriceInAnotherCurrencyThanTheShopsIsRecordedAsFailedAndNeverSent() {
        Shop shop = steps.syncedShop("EUR", 1, "20.00");
        FakeVariant variant = shop.fake().variants().get(0);
        // the merchant also prices the product in USD, which this EUR shop does not sell in
        Api.Response upsert = api.post("/api/v1/products", shop.manager().token(), Map.of("sku", variant.sku(),
                "title", "Write-back 1", "vendor", WriteBackSteps.VENDOR,
                "prices", List.of(Map.of("currency", "USD", "amount", "22.00")),
                "channelRefs", Map.of("shopify", Map.of("productId", variant.productGid(), "variantId", variant.gid()))));
        assertThat(upsert.status()).as(upsert.body()).isIn(200, 201);
        api.get("/api/v1/products?size=1", shop.manager().token(), "X-Calibrate-Wait-For", Long.toString(upsert.position()));

        String change = steps.apply(shop, -10);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps.events(shop, shop.product(variant),
                "ChannelPriceSyncFailed")).singleElement().satisfies(e -> {
                    assertThat(e.path("priceChangeId").asText()).isEqualTo(change);
                    assertThat(e.path("reason").asText())
                            .isEqualTo("the price is in USD but " + shop.fake().domain() + " sells in EUR");
                }));
        assertThat(steps.deliveries(shop.manager(), null)).isEmpty();
        assertThat(shop.fake().writes()).isEmpty();
    }

    @Test
    void theDeliveriesApiRefusesWhatItCannotAnswer() {
        Api.TenantToken tenant = api.newTenant("Deliveries " + UUID.randomUUID());
        Api.TenantToken reader = api.token(tenant.tenantId(), "catalog:read");

        JsonNode none = api.get(DELIVERIES, tenant.token()).json();
        assertThat(none.path("items")).isEmpty();
        assertThat(none.path("total").asLong()).isZero();
        assertThat(api.post(DELIVERIES + "/retry", tenant.token(), null).json().path("requeued").asInt()).isZero();
        assertInvalidField(api.get(DELIVERIES + "?status=LOST", tenant.token()), "status");
        assertInvalidField(api.get(DELIVERIES + "?size=501", tenant.token()), "size");
        assertProblem(api.get(DELIVERIES, reader.token()), 403, null);
        assertProblem(api.post(DELIVERIES + "/retry", reader.token(), null), 403, null);
        assertProblem(api.get(DELIVERIES, null), 401, null);
        assertProblem(api.get(DELIVERIES, api.adminToken()), 403, null);
    }

    private static DeliveryIntent intent(TenantId tenant, ProductId product, long seq, String price) {
        return new DeliveryIntent(tenant, product, "gid://shopify/Product/1", "gid://shopify/ProductVariant/1", seq,
                PriceChangeId.random(), RunKind.APPLY, Money.parse(price, "USD", "price"), null, Instant.now());
    }
}
