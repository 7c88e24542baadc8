package dev.calibrate.app.shopify;

import dev.calibrate.app.shopify.WriteBackSteps.Shop;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import dev.calibrate.connectors.shopify.fake.PriceWrite;
import dev.calibrate.connectors.shopify.writeback.DeliveryIntent;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries;
import dev.calibrate.connectors.shopify.writeback.ShopifyRunningChanges;
import dev.calibrate.connectors.shopify.writeback.sending.ShopifyWriteBackTuning;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.shopify.WriteBackSteps.shopPrices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A price change run writes a Shopify product's variants (each a Calibrate product) in different
 * chunks; the write-back holds a due price for a short window while a sibling's price of the same run
 * may still come, and sends the product's variants in one {@code productVariantsBulkUpdate}. The
 * prices here are intents written to the delivery record as the intents handler writes them, one by
 * one, at the moments a test chooses, for a run the test starts and ends.
 */
@Tag("slow")
class ShopifySiblingWindowTest extends IntegrationTest {

    private static final String CALLS = "productVariantsBulkUpdate";

    @Autowired
    ShopifyWriteBackTuning tuning;
    @Autowired
    ShopifyDeliveries deliveries;
    @Autowired
    ShopifyRunningChanges runs;

    private WriteBackSteps steps;
    private long seq = 1_000;

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
    void fiveVariantsOfOneProductSetApartByTheirRunGoInOneCall() {
        tuning.siblingWindow(Duration.ofSeconds(60));
        Shop shop = steps.syncedShop(1, "10.00", "11.00", "12.00", "13.00", "14.00");
        List<FakeVariant> variants = shop.fake().variants();
        PriceChangeId change = running(shop);

        for (FakeVariant variant : variants.subList(0, 4)) {
            intend(shop, change, variant, "20.00");
            nothingWrittenFor(shop, Duration.ofMillis(700));
        }
        nothingWrittenFor(shop, Duration.ofSeconds(2));
        intend(shop, change, variants.get(4), "20.00");

        awaitPrices(shop, Map.of(variants.get(0).sku(), "20.00", variants.get(1).sku(), "20.00",
                variants.get(2).sku(), "20.00", variants.get(3).sku(), "20.00", variants.get(4).sku(), "20.00"));
        assertThat(shop.fake().rootFieldCounts().get(CALLS)).as("calls").isEqualTo(1);
        assertThat(shop.fake().writes()).hasSize(5);
    }

    @Test
    void aLoneVariantGoesAtOnceAndOneWhoseSiblingsTheRunLeavesAloneGoesWhenTheRunEnds() {
        tuning.siblingWindow(Duration.ofSeconds(60));
        Shop lone = steps.syncedShop(1, "10.00");
        PriceChangeId loneChange = running(lone);

        intend(lone, loneChange, lone.fake().variants().get(0), "15.00");

        // no sibling to wait for: the first round after the intent sends it, far within the window
        awaitPrices(lone, Map.of(lone.fake().variants().get(0).sku(), "15.00"), Duration.ofSeconds(15));

        Shop three = steps.syncedShop(1, "10.00", "11.00", "12.00");
        PriceChangeId change = running(three);
        FakeVariant only = three.fake().variants().get(1);
        intend(three, change, only, "16.00");
        nothingWrittenFor(three, Duration.ofSeconds(2));

        runs.over(change);

        awaitPrices(three, Map.of(three.fake().variants().get(0).sku(), "10.00", only.sku(), "16.00",
                three.fake().variants().get(2).sku(), "12.00"), Duration.ofSeconds(15));
        assertThat(three.fake().writes()).hasSize(1);
    }

    @Test
    void aSiblingThatNeverComesHoldsTheOthersForTheWindowOnly() {
        Duration window = Duration.ofSeconds(3);
        tuning.siblingWindow(window);
        Shop shop = steps.syncedShop(1, "10.00", "11.00", "12.00");
        List<FakeVariant> variants = shop.fake().variants();
        PriceChangeId change = running(shop);
        Instant intended = Instant.now();

        intend(shop, change, variants.get(0), "30.00");
        intend(shop, change, variants.get(1), "31.00");

        awaitPrices(shop, Map.of(variants.get(0).sku(), "30.00", variants.get(1).sku(), "31.00",
                variants.get(2).sku(), "12.00"), window.plusSeconds(15));
        // the fake stamps writes to the second, as Shopify's updatedAt: the window's end is compared alike
        assertThat(shop.fake().writes()).hasSize(2).allSatisfy(write -> assertThat(write.at())
                .as("held until the window was over").isAfterOrEqualTo(intended.plus(window).truncatedTo(ChronoUnit.SECONDS)));
        assertThat(shop.fake().rootFieldCounts().get(CALLS)).as("calls").isEqualTo(1);
    }

    @Test
    void aNewerPriceForAHeldVariantReplacesTheOlderOneInTheSameCall() {
        tuning.siblingWindow(Duration.ofSeconds(60));
        Shop shop = steps.syncedShop(1, "10.00", "11.00", "12.00");
        List<FakeVariant> variants = shop.fake().variants();
        PriceChangeId change = running(shop);

        intend(shop, change, variants.get(0), "40.00");
        intend(shop, change, variants.get(1), "41.00");
        nothingWrittenFor(shop, Duration.ofMillis(1500));
        PriceChangeId newer = running(shop);
        intend(shop, newer, variants.get(0), "45.00");
        intend(shop, change, variants.get(2), "42.00");
        runs.over(change);
        runs.over(newer);

        awaitPrices(shop, Map.of(variants.get(0).sku(), "45.00", variants.get(1).sku(), "41.00",
                variants.get(2).sku(), "42.00"));
        assertThat(shop.fake().writes()).as("the older price of the first variant never went")
                .extracting(PriceWrite::price).containsExactlyInAnyOrder("45.00", "41.00", "42.00");
        assertThat(shop.fake().rootFieldCounts().get(CALLS)).as("calls").isEqualTo(1);
    }

    @Test
    void aVariantShopifyRefusesInTheCombinedCallFailsAloneAndItsSiblingsStillLand() {
        tuning.siblingWindow(Duration.ofSeconds(60));
        Shop shop = steps.syncedShop(1, "10.00", "11.00", "12.00");
        List<FakeVariant> variants = shop.fake().variants();
        FakeVariant refused = variants.get(1);
        shop.fake().rejectPrice(refused.gid(), "INVALID_INPUT", "Product is suspended");
        PriceChangeId change = running(shop);

        for (FakeVariant variant : variants) {
            intend(shop, change, variant, "50.00");
        }

        awaitPrices(shop, Map.of(variants.get(0).sku(), "50.00", refused.sku(), "11.00", variants.get(2).sku(), "50.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(steps.deliveries(shop.manager(), "FAILED")).containsOnlyKeys(refused.gid());
            assertThat(steps.deliveries(shop.manager(), "SYNCED")).containsOnlyKeys(variants.get(0).gid(), variants.get(2).gid());
        });
        assertThat(steps.deliveries(shop.manager(), "FAILED").get(refused.gid()).path("reason").asText())
                .isEqualTo("Shopify refused the price: Product is suspended (variants.1.price)");
        assertThat(shop.fake().writes()).extracting(PriceWrite::variantGid)
                .containsExactlyInAnyOrder(variants.get(0).gid(), variants.get(2).gid());
        // the combined call, then its two written-back variants again without the refused one
        assertThat(shop.fake().rootFieldCounts().get(CALLS)).as("calls").isEqualTo(2);
    }

    @Test
    void aRunIsGoingOnFromItsStartToItsEndAndItsVariantsGoInOneCall() {
        Shop shop = steps.syncedShop(1, "10.00", "11.00", "12.00", "13.00", "14.00");

        String change = steps.apply(shop, 10);

        steps.awaitShopPrices(shop.fake(), steps.proposed(shop, change));
        EventProcessors.awaitCaughtUp(api, "shopify-channel");
        assertThat(runs.running(new PriceChangeId(UUID.fromString(change)))).isFalse();
        assertThat(shop.fake().rootFieldCounts().get(CALLS)).as("calls").isEqualTo(1);
    }

    /** A run of a change the test names, going on until the test ends it. */
    private PriceChangeId running(Shop shop) {
        PriceChangeId change = PriceChangeId.random();
        runs.started(shop.tenantId(), change, Instant.now());
        assertThat(runs.running(change)).isTrue();
        return change;
    }

    private void intend(Shop shop, PriceChangeId change, FakeVariant variant, String price) {
        DeliveryIntent intent = new DeliveryIntent(shop.tenantId(), shop.product(variant), variant.productGid(),
                variant.gid(), seq++, change, RunKind.APPLY, Money.parse(price, "USD", "price"), null, Instant.now());
        assertThat(deliveries.intend(intent, Instant.now()).written()).isTrue();
    }

    private static void nothingWrittenFor(Shop shop, Duration duration) {
        await().during(duration).atMost(duration.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> shop.fake().writes().isEmpty());
    }

    private void awaitPrices(Shop shop, Map<String, String> expected) {
        awaitPrices(shop, expected, Duration.ofSeconds(30));
    }

    private static void awaitPrices(Shop shop, Map<String, String> expected, Duration atMost) {
        await("prices at " + shop.fake().domain()).atMost(atMost).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(shopPrices(shop.fake())).isEqualTo(expected));
    }
}
