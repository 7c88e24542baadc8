package dev.calibrate.connectors.shopify.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.ShopifyMetrics;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl.ShopAccess;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import dev.calibrate.connectors.shopify.catalog.ShopifyCatalogReader.Reading;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import dev.calibrate.connectors.shopify.fake.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Reading a shop's catalog, paged and in bulk, against the fake Shopify (real HTTP, real bucket math). */
class ShopifyCatalogReaderTest {

    private static final String TOKEN = "shpat_reader_test";
    private static FakeShopify fake;
    private static final AtomicInteger SHOPS = new AtomicInteger();

    private FakeShop shop;
    private ShopifyCatalogReader reader;
    private Supplier<ShopAccess> access;

    @BeforeAll
    static void startFake() {
        fake = new FakeShopify();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void newShop() {
        shop = fake.addShop("reader-" + SHOPS.incrementAndGet() + ".myshopify.com", TOKEN, "EUR");
        ShopifySettings settings = new ShopifySettings(fake.baseUrlTemplate(), "2026-07", "", "", "", "read_products",
                Duration.ofSeconds(5), Duration.ofSeconds(10), 2000, 200, 6, 8, Duration.ofMillis(50));
        ObjectMapper json = new ObjectMapper();
        ShopifyGraphQl graphQl = new ShopifyGraphQl(settings, new ShopifyMetrics(new SimpleMeterRegistry()), json,
                Optional.empty());
        reader = new ShopifyCatalogReader(graphQl, settings, json);
        access = () -> new ShopAccess(shop.domain(), TOKEN);
    }

    @AfterEach
    void everyDocumentWasValidAndSupported() {
        assertThat(fake.invalidDocuments()).isEmpty();
        assertThat(fake.unsupported()).isEmpty();
    }

    @Test
    void pagesReadEveryVariantWithItsProduct() {
        shop.generateCatalog(150, 3, 7);

        Reading reading = reader.paged(access, () -> false);

        assertThat(reader.productsCount(access)).isEqualTo(150);
        assertThat(reading.products()).isEqualTo(150);
        assertThat(reading.variants()).hasSize(450);
        assertThat(described(reading.variants())).isEqualTo(described(shop));
        assertThat(shop.rootFieldCounts()).containsEntry("productVariants", 3);
        assertThat(shop.requests()).filteredOn(r -> "ProductVariants".equals(r.operationName()))
                .allSatisfy(r -> assertThat(r.requestedCost()).as("a page's requested cost").isEqualTo(802));
    }

    @Test
    void aBulkQueryReadsTheSameAsPages() {
        shop.generateCatalog(120, 2, 11);

        Reading reading = reader.bulk(access, () -> false);

        assertThat(reading.products()).isEqualTo(120);
        assertThat(reading.warnings()).isEmpty();
        assertThat(described(reading.variants())).isEqualTo(described(shop));
        assertThat(shop.bulkOperations()).singleElement().satisfies(op -> assertThat(op.status()).isEqualTo("COMPLETED"));
    }

    @Test
    void anEmptyShopIsReadAsNothing() {
        assertThat(reader.paged(access, () -> false).variants()).isEmpty();
        assertThat(reader.bulk(access, () -> false).variants()).isEmpty();
    }

    @Test
    void aDrainedBucketSlowsTheReadButItCompletes() {
        shop.generateCatalog(100, 4, 3);
        // a Plus shop (1,000 points/s) so the test waits for tenths of seconds, not seconds
        shop.plan(1000).drain(shop.throttleStatus().currentlyAvailable() - 100);

        Reading reading = reader.paged(access, () -> false);

        assertThat(reading.variants()).hasSize(400);
        assertThat(shop.throttledCount()).as("the first page finds the bucket empty").isPositive();
    }

    @Test
    void pagesShrinkToFitABucketSmallerThanAPageAndTheReadCompletes() {
        shop.generateCatalog(30, 2, 13);
        // a bucket of 50 points: a 200-variant page (802 points) could never pass, however long it waited
        shop.bucket(50, 1000);

        Reading reading = reader.paged(access, () -> false);

        assertThat(described(reading.variants())).isEqualTo(described(shop));
        assertThat(shop.requests()).filteredOn(r -> "ProductVariants".equals(r.operationName()))
                .filteredOn(r -> r.outcome() == RecordedRequest.Outcome.THROTTLED)
                .as("one refused page tells the reader the bucket's size").hasSize(1);
        assertThat(shop.requests()).filteredOn(r -> "ProductVariants".equals(r.operationName()))
                .filteredOn(r -> r.outcome() == RecordedRequest.Outcome.EXECUTED)
                .allSatisfy(r -> assertThat(r.requestedCost()).isLessThanOrEqualTo(50));
    }

    @Test
    void aBucketThatCannotHoldOneVariantFailsTheReadWithoutRetrying() {
        shop.generateCatalog(2, 1, 13);
        shop.bucket(5, 1000);

        assertThatThrownBy(() -> reader.paged(access, () -> false)).isInstanceOfSatisfying(ShopifyException.class,
                e -> assertThat(e.kind()).isEqualTo(ShopifyException.Kind.EXCEEDS_BUCKET));
        assertThat(shop.requests()).filteredOn(r -> "ProductVariants".equals(r.operationName()))
                .as("200, then ever smaller pages, each asked once, down to one variant")
                .extracting(r -> ((Number) r.variables().get("first")).intValue()).doesNotHaveDuplicates()
                .last().isEqualTo(1);
    }

    @Test
    void aFailedBulkQuerySaysWhy() {
        shop.generateCatalog(20, 1, 5);
        shop.failNextBulkOperation("TIMEOUT");

        assertThatThrownBy(() -> reader.bulk(access, () -> false))
                .isInstanceOf(ShopifyIngest.IngestFailed.class).hasMessageContaining("failed at Shopify (TIMEOUT)");
    }

    @Test
    void anotherRunningBulkQueryIsNamedAndNotWaitedFor() throws Exception {
        shop.generateCatalog(20, 1, 5);
        shop.pauseBulkOperations();
        try {
            runBulkQuery("{ products { edges { node { id } } } }");

            assertThatThrownBy(() -> reader.bulk(access, () -> false))
                    .isInstanceOf(ShopifyIngest.IngestFailed.class)
                    .hasMessageContaining("already running another bulk query");
        } finally {
            shop.resumeBulkOperations();
        }
    }

    @Test
    void theSameBulkQueryLeftRunningByAnInterruptedSyncIsWaitedFor() throws Exception {
        shop.generateCatalog(30, 2, 9);
        shop.pauseBulkOperations();
        assertThatThrownBy(() -> reader.bulk(access, () -> true)).isInstanceOf(ShopifyIngest.IngestInterrupted.class);

        CompletableFuture<Reading> reading = CompletableFuture.supplyAsync(() -> reader.bulk(access, () -> false));
        await("the reader asks for the running bulk query").atMost(Duration.ofSeconds(10))
                .until(() -> shop.rootFieldCounts().containsKey("currentBulkOperation"));
        shop.resumeBulkOperations();

        assertThat(reading.get(20, TimeUnit.SECONDS).variants()).hasSize(60);
        assertThat(shop.bulkOperations()).hasSize(1);
    }

    /** Each variant as one comparable line: what a Calibrate product is made of. */
    private static List<String> described(List<ShopifyVariant> variants) {
        return variants.stream().map(v -> String.join("|", v.gid(), v.product().gid(), v.sku(), v.price(),
                        String.valueOf(v.compareAtPrice()), String.valueOf(v.costAmount()), v.product().title(),
                        v.product().vendor(), v.product().productType(), String.join(",", v.product().tags()),
                        v.product().status(), v.product().updatedAt().toString()))
                .sorted().collect(Collectors.toList());
    }

    private static List<String> described(FakeShop shop) {
        return shop.variants().stream().map(v -> {
            var product = shop.product(v.productGid()).orElseThrow();
            return String.join("|", v.gid(), product.gid(), v.sku(), v.price(), String.valueOf(v.compareAtPrice()),
                    String.valueOf(v.unitCost()), product.title(), product.vendor(), product.productType(),
                    String.join(",", product.tags()), product.status(), product.updatedAt().toString());
        }).sorted().collect(Collectors.toList());
    }

    private void runBulkQuery(String query) throws Exception {
        String body = new ObjectMapper().writeValueAsString(Map.of(
                "query", "mutation Run($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }",
                "variables", Map.of("q", query)));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fake.graphQlUri(shop.domain(), "2026-07").toString()))
                .header("Content-Type", "application/json").header("X-Shopify-Access-Token", TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("gid://shopify/BulkOperation/");
    }

}
