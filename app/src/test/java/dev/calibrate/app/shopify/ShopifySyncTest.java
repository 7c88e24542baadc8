package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.shopify.fake.FakeProduct;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /api/v1/connectors/shopify/sync} against the fake Shopify, through to the catalog. */
class ShopifySyncTest extends IntegrationTest {

    static final String SYNC = "/api/v1/connectors/shopify/sync";
    static final String STATUS = "/api/v1/connectors/shopify/status";

    @Autowired
    Environment env;

    @AfterEach
    void everyCallWasValidShopify() {
        assertThat(ShopifyFake.server().invalidDocuments()).isEmpty();
        assertThat(ShopifyFake.server().unsupported()).isEmpty();
    }

    @Test
    void aPagedSyncLandsEveryVariantAsAProductWithItsShopifyFields() {
        ConnectedShop connected = ConnectedShop.connect(api, "EUR", false);
        connected.shop().generateCatalog(120, 3, 17);

        JsonNode sync = syncAndWait(connected, "auto");

        assertThat(sync.path("state").asText()).as(sync.toString()).isEqualTo("COMPLETED");
        assertThat(sync.path("mode").asText()).isEqualTo("paged");
        assertThat(sync.path("products").asInt()).isEqualTo(120);
        assertThat(sync.path("variants").asInt()).isEqualTo(360);
        assertThat(sync.path("created").asInt()).isEqualTo(360);
        assertThat(sync.path("updated").asInt() + sync.path("unchanged").asInt() + sync.path("deactivated").asInt()).isZero();
        assertThat(sync.path("warnings")).isEmpty();
        assertThat(sync.path("startedAt").asText()).isNotBlank();
        assertThat(sync.path("finishedAt").asText()).isNotBlank();
        assertThat(catalog(connected)).isEqualTo(expected(connected.shop()));
        try (Sql sql = Sql.connect(env)) {
            assertThat(sql.count("SELECT count(*) FROM shopify_variant_link WHERE tenant_id = ? AND variant_gid LIKE"
                    + " 'gid://shopify/ProductVariant/%' AND product_gid LIKE 'gid://shopify/Product/%'",
                    UUID.fromString(connected.tenant().tenantId()))).as("variant links").isEqualTo(360);
        }
        JsonNode connection = status(connected).path("connection");
        assertThat(connection.path("shop").asText()).isEqualTo(connected.shop().domain());
        assertThat(connection.path("currency").asText()).isEqualTo("EUR");
        assertThat(connection.path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void aBulkSyncReadsTheSameCatalog() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        connected.shop().generateCatalog(80, 3, 23);

        JsonNode sync = syncAndWait(connected, "bulk");

        assertThat(sync.path("state").asText()).as(sync.toString()).isEqualTo("COMPLETED");
        assertThat(sync.path("mode").asText()).isEqualTo("bulk");
        assertThat(sync.path("created").asInt()).isEqualTo(240);
        assertThat(catalog(connected)).isEqualTo(expected(connected.shop()));
        assertThat(connected.shop().bulkOperations()).singleElement()
                .satisfies(op -> assertThat(op.status()).isEqualTo("COMPLETED"));
    }

    @Test
    void aSecondSyncOfAnUnchangedShopEmitsNoEvents() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        connected.shop().generateCatalog(60, 3, 5);
        syncAndWait(connected, "auto");
        long before = productEvents(connected);

        JsonNode again = syncAndWait(connected, "auto");

        assertThat(again.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(again.path("unchanged").asInt()).isEqualTo(180);
        assertThat(again.path("created").asInt() + again.path("updated").asInt() + again.path("deactivated").asInt())
                .isZero();
        assertThat(productEvents(connected)).isEqualTo(before);
    }

    @Test
    void aSyncUnderThrottlingStillCompletes() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        connected.shop().generateCatalog(150, 2, 31);
        // another app emptied the bucket of this Advanced shop (200 points/s): a page of 802 points waits 4 s
        FakeShop shop = connected.shop().plan(200);
        shop.drain(shop.throttleStatus().currentlyAvailable());

        JsonNode sync = syncAndWait(connected, "paged");

        assertThat(sync.path("state").asText()).as(sync.toString()).isEqualTo("COMPLETED");
        assertThat(sync.path("created").asInt()).isEqualTo(300);
        assertThat(shop.throttledCount()).as("the first page found the bucket empty").isPositive();
    }

    @Test
    void aSkuOnTwoVariantsGoesToTheOlderOneWithAWarningAndABlankSkuGetsOne() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        connected.shop().generateCatalog(3, 2, 41);
        List<FakeVariant> variants = connected.shop().variants();
        FakeVariant older = variants.get(0);
        FakeVariant newer = variants.get(3);
        FakeVariant blank = variants.get(5);
        connected.shop().setSku(newer.gid(), older.sku());
        connected.shop().setSku(blank.gid(), "");

        JsonNode sync = syncAndWait(connected, "auto");

        assertThat(sync.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(sync.path("variants").asInt()).isEqualTo(6);
        assertThat(sync.path("created").asInt()).isEqualTo(5);
        assertThat(sync.path("warnings")).singleElement().extracting(JsonNode::asText).asString()
                .contains(older.sku()).contains(older.gid()).contains(newer.gid());
        Map<String, Row> catalog = catalog(connected);
        assertThat(catalog.get(older.sku()).variantGid()).isEqualTo(older.gid());
        assertThat(catalog).containsKey("shopify-" + blank.legacyId());
    }

    @Test
    void controlCharactersFromShopifyAreDroppedWithAWarningInPagedAndBulkSyncs() {
        for (String mode : List.of("paged", "bulk")) {
            ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
            FakeProduct product = connected.shop().addProduct("Tee\u0000 Blue", "19.99");
            connected.shop().updateProduct(product.gid(), p -> p.withVendor("Ac\u0007me")
                    .withTags(List.of("sum\u0000mer")));
            FakeVariant variant = connected.shop().variantsOf(product.gid()).get(0);
            connected.shop().setSku(variant.gid(), "TEE\u0000-1");

            JsonNode sync = syncAndWait(connected, mode);

            assertThat(sync.path("state").asText()).as(sync.toString()).isEqualTo("COMPLETED");
            assertThat(sync.path("created").asInt()).as(mode).isEqualTo(1);
            assertThat(sync.path("warnings")).as(mode).singleElement().extracting(JsonNode::asText).asString()
                    .contains(variant.gid()).contains("control characters")
                    .contains("title").contains("vendor").contains("tags").contains("SKU");
            Row row = catalog(connected).get("TEE-1");
            assertThat(row).as("%s: %s", mode, catalog(connected)).isNotNull();
            assertThat(row.title()).isEqualTo("Tee Blue");
            assertThat(row.vendor()).isEqualTo("Acme");
            assertThat(row.tags()).isEqualTo("summer");
        }
    }

    @Test
    void aSyncAfterChangesInShopifyUpdatesArchivesAndDeactivates() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        FakeShop shop = connected.shop();
        List<FakeProduct> products = shop.generateCatalog(12, 2, 53).stream()
                .filter(p -> p.status().equals("ACTIVE")).toList();
        syncAndWait(connected, "auto");
        EventProcessors.awaitCaughtUp(api, "shopify-channel");
        FakeProduct archived = products.get(0);
        FakeProduct deleted = products.get(1);
        FakeVariant repriced = shop.variantsOf(products.get(2).gid()).get(0);
        shop.updateProduct(archived.gid(), p -> p.withStatus("ARCHIVED"));
        List<FakeVariant> deletedVariants = shop.variantsOf(deleted.gid());
        shop.deleteProduct(deleted.gid());
        shop.setPriceBehindBack(repriced.gid(), "77.70");

        JsonNode sync = syncAndWait(connected, "auto");

        assertThat(sync.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(sync.path("deactivated").asInt()).isEqualTo(2);
        assertThat(sync.path("updated").asInt()).isEqualTo(3);
        Map<String, Row> catalog = catalog(connected);
        shop.variantsOf(archived.gid()).forEach(v -> assertThat(catalog.get(v.sku()).active()).isFalse());
        deletedVariants.forEach(v -> assertThat(catalog.get(v.sku()).active()).isFalse());
        assertThat(catalog.get(repriced.sku()).price()).isEqualTo("77.70");
        assertThat(catalog.values().stream().filter(Row::active).count())
                .isEqualTo(expected(shop).values().stream().filter(Row::active).count());
    }

    @Test
    void aSyncRequestedWhileOneRunsAnswersTheRunningOne() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        connected.shop().generateCatalog(10, 1, 3);
        connected.shop().pauseBulkOperations();
        try {
            Api.Response first = api.post(SYNC + "?mode=bulk", connected.tenant().token(), null);
            assertThat(first.status()).as(first.body()).isEqualTo(202);
            assertThat(first.json().path("state").asText()).isEqualTo("QUEUED");
            assertThat(first.json().path("statusUrl").asText()).isEqualTo(STATUS);
            assertThat(first.header("Location")).endsWith(STATUS);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !connected.shop().bulkOperations().isEmpty());

            Api.Response second = api.post(SYNC + "?mode=paged", connected.tenant().token(), null);

            assertThat(second.status()).isEqualTo(202);
            assertThat(second.json().path("state").asText()).isEqualTo("RUNNING");
            assertThat(second.json().path("mode").asText()).isEqualTo("bulk");
            assertThat(second.json().path("requestedAt").asText()).isEqualTo(first.json().path("requestedAt").asText());
        } finally {
            connected.shop().resumeBulkOperations();
        }
        JsonNode sync = awaitFinished(connected);
        assertThat(sync.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(connected.shop().bulkOperations()).hasSize(1);
        assertThat(connected.shop().rootFieldCounts()).doesNotContainKey("productVariants");
    }

    @Test
    void aFailedBulkQueryFailsTheSyncSayingWhy() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        connected.shop().generateCatalog(10, 1, 3);
        connected.shop().failNextBulkOperation("INTERNAL_SERVER_ERROR");

        JsonNode sync = syncAndWait(connected, "bulk");

        assertThat(sync.path("state").asText()).isEqualTo("FAILED");
        assertThat(sync.path("error").asText()).contains("INTERNAL_SERVER_ERROR");
        assertThat(sync.path("finishedAt").asText()).isNotBlank();
    }

    @Test
    void beforeTheFirstSyncTheStatusSaysNever() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);

        assertThat(status(connected).path("sync").path("state").asText()).isEqualTo("NEVER");
    }

    @Test
    void withoutAConnectedShopSyncAndStatusAre404() {
        Api.TenantToken tenant = api.newTenant("no shop");

        assertProblem(api.post(SYNC, tenant.token(), null), 404, "not-found");
        assertProblem(api.get(STATUS, tenant.token()), 404, "not-found");
    }

    @Test
    void scopesDecideWhoMaySyncAndWhoMayRead() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);
        String tenantId = connected.tenant().tenantId();
        String reader = api.token(tenantId, "catalog:read").token();
        String writer = api.token(tenantId, "catalog:write").token();
        String pricer = api.token(tenantId, "prices:write").token();

        assertProblem(api.post(SYNC, reader, null), 403, "missing-scope");
        assertProblem(api.get(STATUS, pricer), 403, "missing-scope");
        assertProblem(api.post(SYNC, pricer, null), 403, "missing-scope");
        assertThat(api.get(STATUS, reader).status()).isEqualTo(200);
        assertThat(api.post(SYNC, writer, null).status()).isEqualTo(202);
        awaitFinished(connected);
    }

    @Test
    void anUnknownModeIs400() {
        ConnectedShop connected = ConnectedShop.connect(api, "USD", false);

        assertInvalidField(api.post(SYNC + "?mode=everything", connected.tenant().token(), null), "mode");
    }

    // ---------------------------------------------------------------- helpers

    JsonNode syncAndWait(ConnectedShop connected, String mode) {
        Api.Response accepted = api.post(SYNC + "?mode=" + mode, connected.tenant().token(), null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode sync = awaitFinished(connected);
        EventProcessors.awaitCaughtUp(api, "catalog", "shopify-channel");
        return sync;
    }

    JsonNode awaitFinished(ConnectedShop connected) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> status(connected).path("sync"),
                        sync -> List.of("COMPLETED", "FAILED").contains(sync.path("state").asText()));
    }

    JsonNode status(ConnectedShop connected) {
        Api.Response status = api.get(STATUS, connected.tenant().token());
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        return status.json();
    }

    long productEvents(ConnectedShop connected) {
        try (Sql sql = Sql.connect(env)) {
            return sql.count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN"
                    + " (SELECT product_id::text FROM product_view WHERE tenant_id = ?)", UUID.fromString(connected.tenant().tenantId()));
        }
    }

    /** A product as the catalog read model has it, in the shop's currency. */
    record Row(String title, String vendor, String productType, String tags, boolean active, String cost,
               String price, String compareAt, String source, String productGid, String variantGid) {
    }

    Map<String, Row> catalog(ConnectedShop connected) {
        try (Sql sql = Sql.connect(env)) {
            return sql.query("""
                            SELECT v.sku, v.title, v.vendor, v.product_type, array_to_string(v.tags, ',') AS tags, v.active,
                                   v.cost_amount, p.amount, p.compare_at, p.source,
                                   v.channel_refs -> 'shopify' ->> 'productId' AS product_gid,
                                   v.channel_refs -> 'shopify' ->> 'variantId' AS variant_gid
                            FROM product_view v LEFT JOIN product_price p ON p.product_id = v.product_id AND p.currency = ?
                            WHERE v.tenant_id = ?""", connected.shop().currencyCode(),
                    UUID.fromString(connected.tenant().tenantId())).stream()
                    .collect(Collectors.toMap(r -> (String) r.get("sku"), r -> new Row((String) r.get("title"),
                            (String) r.get("vendor"), (String) r.get("product_type"), (String) r.get("tags"),
                            (Boolean) r.get("active"), money(r.get("cost_amount")), money(r.get("amount")),
                            money(r.get("compare_at")), (String) r.get("source"), (String) r.get("product_gid"),
                            (String) r.get("variant_gid")), (a, b) -> a, TreeMap::new));
        }
    }

    static Map<String, Row> expected(FakeShop shop) {
        Map<String, Row> expected = new TreeMap<>();
        for (FakeVariant variant : shop.variants()) {
            FakeProduct product = shop.product(variant.productGid()).orElseThrow();
            expected.put(variant.sku(), new Row(product.title(), blankToNull(product.vendor()),
                    blankToNull(product.productType()),
                    String.join(",", product.tags().stream().sorted().distinct().toList()),
                    !List.of("ARCHIVED", "DRAFT").contains(product.status()), money(variant.unitCost()),
                    money(variant.price()), money(variant.compareAtPrice()), "shopify", product.gid(), variant.gid()));
        }
        return expected;
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    static String money(Object amount) {
        return amount == null ? null : new BigDecimal(amount.toString()).setScale(2, java.math.RoundingMode.UNNECESSARY)
                .toPlainString();
    }
}
