package dev.calibrate.connectors.shopify.writeback.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.ShopifyMetrics;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl.ShopAccess;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import dev.calibrate.connectors.shopify.fake.FakeProduct;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import dev.calibrate.connectors.shopify.fake.PriceWrite;
import dev.calibrate.connectors.shopify.writeback.DeliveryIntent;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.calibrate.connectors.shopify.writeback.sending.Deliveries.AT;
import static dev.calibrate.connectors.shopify.writeback.sending.Deliveries.CHANGE;
import static dev.calibrate.connectors.shopify.writeback.sending.Deliveries.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write-back's Shopify side against the fake: calls grouped per product, userErrors mapped back
 * to their variants, pacing from the cost bucket, and the whole bulk mutation path (staged upload,
 * multipart POST, run, poll, results by line).
 */
class ShopifyPriceWritesTest {

    private static FakeShopify fake;
    private final ObjectMapper json = new ObjectMapper();
    private ShopifyGraphQl shopify;
    private ShopifyBulkFiles files;
    private FakeShop shop;
    private ShopAccess access;

    @BeforeAll
    static void startFake() {
        fake = new FakeShopify();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void connect(TestInfo test) {
        ShopifySettings settings = new ShopifySettings(fake.baseUrlTemplate(), "2026-07", "", "", "",
                "read_products,write_products", Duration.ofSeconds(2), Duration.ofSeconds(5), 2000, 200, 6, 8,
                Duration.ofMillis(100));
        shopify = new ShopifyGraphQl(settings, new ShopifyMetrics(new SimpleMeterRegistry()), json, Optional.empty());
        files = new ShopifyBulkFiles(shopify, settings, json);
        String name = test.getTestMethod().orElseThrow().getName().toLowerCase();
        shop = fake.addShop(name.substring(0, Math.min(40, name.length())) + ".myshopify.com", "shpat_" + name, "USD");
        access = new ShopAccess(shop.domain(), shop.accessToken());
    }

    @Test
    void oneCallSetsTheVariantsOfOneProduct() {
        FakeProduct product = shop.generateCatalog(2, 3, 7).get(0);
        List<Delivery> deliveries = new ArrayList<>();
        for (FakeVariant variant : shop.variantsOf(product.gid())) {
            deliveries.add(delivery(variant, "12.34", "20.00"));
        }

        List<PriceCall> calls = PriceCall.group(deliveries);
        PriceCall.Result result = send(calls.get(0));

        assertThat(calls).hasSize(1);
        assertThat(result.synced()).hasSize(3);
        assertThat(shop.variantsOf(product.gid())).allSatisfy(v -> {
            assertThat(v.price()).isEqualTo("12.34");
            assertThat(v.compareAtPrice()).isEqualTo("20.00");
        });
        assertThat(shop.writes()).extracting(PriceWrite::via).containsOnly("productVariantsBulkUpdate").hasSize(3);
        assertThat(fake.invalidDocuments()).isEmpty();
    }

    @Test
    void aRefusedVariantFailsWithShopifysReasonAndItsSiblingsAreNotWritten() {
        FakeProduct product = shop.generateCatalog(1, 3, 7).get(0);
        List<FakeVariant> variants = shop.variantsOf(product.gid());
        shop.rejectPrice(variants.get(1).gid(), "INVALID_INPUT", "Product is suspended");

        PriceCall call = PriceCall.group(variants.stream().map(v -> delivery(v, "9.99", null)).toList()).get(0);
        PriceCall.Result result = send(call);

        Delivery refused = call.deliveries().get(1);
        assertThat(result.failed()).containsOnlyKeys(refused);
        assertThat(PriceCall.reason(result.failed().get(refused)))
                .isEqualTo("Shopify refused the price: Product is suspended (variants.1.price)");
        assertThat(result.unwritten()).containsExactly(call.deliveries().get(0), call.deliveries().get(2));
        assertThat(shop.writes()).isEmpty();
    }

    @Test
    void aDrainedBucketIsWaitedForRatherThanHitRepeatedly() {
        List<FakeProduct> products = shop.generateCatalog(20, 1, 7);
        shop.drain(shop.throttleStatus().currentlyAvailable() - 5);

        for (FakeProduct product : products) {
            FakeVariant variant = shop.variantsOf(product.gid()).get(0);
            assertThat(send(PriceCall.group(List.of(delivery(variant, "5.00", null))).get(0)).synced()).hasSize(1);
        }

        // the first call knows nothing of the bucket yet; every later one is paced from what it learnt
        assertThat(shop.throttledCount()).isLessThanOrEqualTo(1);
        assertThat(shop.variants()).extracting(FakeVariant::price).containsOnly("5.00");
    }

    @Test
    void aCallThatTimesOutIsSentAgainWithTheSameTargetPrice() {
        ShopifySettings impatient = new ShopifySettings(fake.baseUrlTemplate(), "2026-07", "", "", "",
                "read_products,write_products", Duration.ofSeconds(2), Duration.ofMillis(700), 2000, 200, 6, 8,
                Duration.ofMillis(100));
        shopify = new ShopifyGraphQl(impatient, new ShopifyMetrics(new SimpleMeterRegistry()), json, Optional.empty());
        FakeProduct product = shop.generateCatalog(1, 2, 7).get(0);
        shop.delayNext(1, Duration.ofMillis(1500)).failNext(1, 504);

        PriceCall call = PriceCall.group(shop.variantsOf(product.gid()).stream().map(v -> delivery(v, "15.00", null))
                .toList()).get(0);
        PriceCall.Result result = send(call);

        assertThat(result.synced()).hasSize(2);
        assertThat(shop.variantsOf(product.gid())).extracting(FakeVariant::price).containsOnly("15.00");
        // the timed-out call may still have landed: writing the same target price again is harmless
        assertThat(shop.writes()).extracting(PriceWrite::price).containsOnly("15.00");
    }

    @Test
    void aBulkMutationWritesEveryLineAndItsResultsMapBackToTheirVariants() throws Exception {
        shop.generateCatalog(12, 3, 7);
        FakeVariant refused = shop.variants().get(4);
        shop.rejectPrice(refused.gid(), "INVALID_INPUT", "Product is suspended");
        List<Delivery> deliveries = shop.variants().stream().map(v -> delivery(v, "7.77", null)).toList();
        List<PriceCall> calls = PriceCall.group(deliveries);
        BulkMutationJsonl.File file = BulkMutationJsonl.files(calls, BulkMutationJsonl.MAX_FILE_BYTES, json).get(0);

        ShopifyBulkFiles.StagedUpload target = files.stage(access);
        files.upload(target, file.content());
        JsonNode started = run(target.path());
        String operation = started.path("bulkOperation").path("id").asText();
        JsonNode finished = awaitFinished(operation);
        Map<Integer, JsonNode> results = files.results(finished.path("url").asText());

        List<Delivery> synced = new ArrayList<>();
        List<Delivery> failed = new ArrayList<>();
        List<Delivery> unwritten = new ArrayList<>();
        for (int line = 0; line < file.lines().size(); line++) {
            PriceCall.Result result = BulkMutationJsonl.result(file.lines().get(line), results.get(line));
            synced.addAll(result.synced());
            failed.addAll(result.failed().keySet());
            unwritten.addAll(result.unwritten());
        }
        assertThat(started.path("userErrors")).isEmpty();
        assertThat(finished.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(failed).extracting(d -> d.intent().variantGid()).containsExactly(refused.gid());
        assertThat(unwritten).hasSize(2).allSatisfy(d -> assertThat(d.intent().productGid()).isEqualTo(refused.productGid()));
        assertThat(synced).hasSize(33);
        assertThat(shop.writes()).hasSize(33).extracting(PriceWrite::via).containsOnly("bulkOperationRunMutation");
        assertThat(fake.invalidDocuments()).isEmpty();
    }

    @Test
    void oneBulkMutationAtATimeAndTheRunningOneIsVisible() {
        shop.generateCatalog(2, 1, 7);
        List<PriceCall> calls = PriceCall.group(shop.variants().stream().map(v -> delivery(v, "3.00", null)).toList());
        byte[] content = BulkMutationJsonl.files(calls, BulkMutationJsonl.MAX_FILE_BYTES, json).get(0).content();
        shop.pauseBulkOperations();
        try {
            ShopifyBulkFiles.StagedUpload first = files.stage(access);
            files.upload(first, content);
            assertThat(run(first.path()).path("userErrors")).isEmpty();
            ShopifyBulkFiles.StagedUpload second = files.stage(access);
            files.upload(second, content);

            JsonNode refused = run(second.path());

            assertThat(refused.path("userErrors").path(0).path("code").asText()).isEqualTo("OPERATION_IN_PROGRESS");
            assertThat(shopify.execute(access, "CurrentBulkMutation", Map.of()).at("/currentBulkOperation/status").asText())
                    .isIn("CREATED", "RUNNING");
        } finally {
            shop.resumeBulkOperations();
        }
    }

    private PriceCall.Result send(PriceCall call) {
        JsonNode data = shopify.execute(access, PriceCall.DOCUMENT,
                Map.of("productId", call.productGid(), "variants", call.variables().get("variants")));
        return call.result(data.get("productVariantsBulkUpdate"));
    }

    private JsonNode run(String stagedUploadPath) {
        return shopify.execute(access, "BulkOperationRunMutation", Map.of("mutation", shopify.document(PriceCall.DOCUMENT),
                "stagedUploadPath", stagedUploadPath, "clientIdentifier", "test")).path("bulkOperationRunMutation");
    }

    private JsonNode awaitFinished(String operation) {
        return await("bulk operation " + operation).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> shopify.execute(access, "BulkOperation", Map.of("id", operation)).path("bulkOperation"),
                        state -> !List.of("CREATED", "RUNNING").contains(state.path("status").asText()));
    }

    private static Delivery delivery(FakeVariant variant, String price, String compareAt) {
        return new Delivery(new DeliveryIntent(TENANT, ProductId.forSku(TENANT, variant.gid()), variant.productGid(),
                variant.gid(), 1, CHANGE, RunKind.APPLY, new Money(new BigDecimal(price), "USD"),
                compareAt == null ? null : new Money(new BigDecimal(compareAt), "USD"), AT), 0);
    }
}
