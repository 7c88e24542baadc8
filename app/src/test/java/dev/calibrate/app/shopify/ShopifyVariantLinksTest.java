package dev.calibrate.app.shopify;

import dev.calibrate.app.shopify.WriteBackSteps.Shop;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.connectors.shopify.catalog.ShopifyVariantLinks;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code shopify-channel} group writes a batch's variant links together when the batch commits;
 * the write-back in the same group still finds a link its batch created, and a batch's link writes
 * land in the order of their events.
 */
class ShopifyVariantLinksTest extends IntegrationTest {

    @Autowired
    ShopifyConnections connections;
    @Autowired
    ShopifyDeliveries deliveries;
    @Autowired
    ShopifyVariantLinks links;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    Environment env;

    @Test
    void aPriceSetInTheBatchThatCreatedTheProductIsIntendedForItsVariant() {
        Shop shop = shopWithWritesHeld();
        TenantId tenant = shop.tenantId();
        ProductId product = new ProductId(UUID.randomUUID());

        // appended while the group is stopped, both events are there when it starts: one batch
        inOneBatch(() -> new StoredEvents(eventStore, positions, jdbc).append("Product", product.toString(),
                tenant.toString(), shop.manager().tokenId(),
                new ProductCreated(product, tenant, "BATCH-1", details("gid://shopify/Product/777", "gid://shopify/ProductVariant/7771"), true),
                new ProductPriceChanged(product, tenant, new PriceChangeId(UUID.randomUUID()), RunKind.APPLY,
                        usd("20.00"), usd("18.00"), null, null, null)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(deliveries.find(tenant, product)).hasValueSatisfying(delivery -> {
                    assertThat(delivery.intent().variantGid()).isEqualTo("gid://shopify/ProductVariant/7771");
                    assertThat(delivery.intent().price().amount()).isEqualByComparingTo("18.00");
                }));
    }

    @Test
    void aBatchsLinkWritesLandInTheOrderOfTheirEvents() {
        TenantId tenant = new TenantId(UUID.fromString(api.newTenant("Links in order").tenantId()));
        ProductId product = new ProductId(UUID.randomUUID());

        inOneBatch(() -> new StoredEvents(eventStore, positions, jdbc).append("Product", product.toString(),
                tenant.toString(), "test",
                new ProductCreated(product, tenant, "ORDER-1", details("gid://shopify/Product/1", "gid://shopify/ProductVariant/11"), true),
                new ProductDetailsChanged(product, tenant, details("gid://shopify/Product/2", "gid://shopify/ProductVariant/22"),
                        List.of("channelRefs")),
                new ProductDeactivated(product, tenant)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT count(*) FROM shopify_variant_link WHERE product_id = ? AND NOT active"
                        + " AND variant_gid = 'gid://shopify/ProductVariant/22'", Integer.class, product.value())).isOne());
        assertThat(links.link(product)).hasValueSatisfying(link -> {
            assertThat(link.productGid()).isEqualTo("gid://shopify/Product/2");
            assertThat(link.active()).isFalse();
        });
    }

    /**
     * The links are read for the whole batch at its first price event; a product created, moved to another variant,
     * deactivated or reactivated after that is read again when its own price event comes. Appended while the group
     * is stopped, fewer events than its batch size: one batch.
     */
    @Test
    void aBatchsPriceEventsFindTheLinksTheyHadWhenTheirEventsCame() {
        TenantId tenant = shopWithWritesHeld().tenantId();
        ProductId unlinked = new ProductId(UUID.randomUUID());
        ProductId moved = new ProductId(UUID.randomUUID());
        ProductId fresh = new ProductId(UUID.randomUUID());
        ProductId gone = new ProductId(UUID.randomUUID());
        ProductId back = new ProductId(UUID.randomUUID());
        PriceChangeId change = new PriceChangeId(UUID.randomUUID());

        inOneBatch(() -> {
            StoredEvents store = new StoredEvents(eventStore, positions, jdbc);
            store.append("Product", unlinked.toString(), tenant.toString(), "test", new ProductCreated(unlinked, tenant,
                    "UNLINKED-1", new ProductDetails("Unlinked", "Vendor", null, List.of(), null, Map.of()), true));
            store.append("Product", moved.toString(), tenant.toString(), "test",
                    new ProductCreated(moved, tenant, "MOVED-1", details("gid://shopify/Product/5", "gid://shopify/ProductVariant/51"), true));
            store.append("Product", gone.toString(), tenant.toString(), "test",
                    new ProductCreated(gone, tenant, "GONE-1", details("gid://shopify/Product/7", "gid://shopify/ProductVariant/71"), true));
            store.append("Product", back.toString(), tenant.toString(), "test",
                    new ProductCreated(back, tenant, "BACK-1", details("gid://shopify/Product/9", "gid://shopify/ProductVariant/91"), true),
                    new ProductDeactivated(back, tenant));
            // the batch's first price event: every product it names is read now
            store.append("Product", unlinked.toString(), tenant.toString(), "test", priced(unlinked, tenant, change, "18.00"));
            store.append("Product", fresh.toString(), tenant.toString(), "test",
                    new ProductCreated(fresh, tenant, "FRESH-1", details("gid://shopify/Product/8", "gid://shopify/ProductVariant/81"), true),
                    priced(fresh, tenant, change, "18.00"));
            store.append("Product", moved.toString(), tenant.toString(), "test",
                    new ProductDetailsChanged(moved, tenant, details("gid://shopify/Product/5", "gid://shopify/ProductVariant/52"),
                            List.of("channelRefs")),
                    priced(moved, tenant, change, "17.00"));
            store.append("Product", gone.toString(), tenant.toString(), "test",
                    new ProductDeactivated(gone, tenant), priced(gone, tenant, change, "18.00"));
            store.append("Product", back.toString(), tenant.toString(), "test",
                    new ProductReactivated(back, tenant), priced(back, tenant, change, "18.00"));
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(deliveries.find(tenant, moved)).as("moved").hasValueSatisfying(delivery -> {
                assertThat(delivery.intent().variantGid()).isEqualTo("gid://shopify/ProductVariant/52");
                assertThat(delivery.intent().price().amount()).isEqualByComparingTo("17.00");
            });
            assertThat(deliveries.find(tenant, fresh)).as("created after the read").hasValueSatisfying(delivery ->
                    assertThat(delivery.intent().variantGid()).isEqualTo("gid://shopify/ProductVariant/81"));
            assertThat(deliveries.find(tenant, back)).as("reactivated after the read").hasValueSatisfying(delivery ->
                    assertThat(delivery.intent().variantGid()).isEqualTo("gid://shopify/ProductVariant/91"));
        });
        assertThat(deliveries.find(tenant, unlinked)).as("no variant, nothing to send").isEmpty();
        assertThat(deliveries.find(tenant, gone)).as("deactivated after the read, nothing to send").isEmpty();
    }

    /**
     * The batch's links are read with the products its events name; an event among them that cannot be read is
     * left to its own handler, whose sequence alone is dead-lettered: the other price events still find their links.
     */
    @Test
    void aBatchsUnreadableEventLeavesTheOtherPriceEventsTheirLinks() {
        TenantId tenant = shopWithWritesHeld().tenantId();
        ProductId garbled = new ProductId(UUID.randomUUID());
        ProductId linked = new ProductId(UUID.randomUUID());

        inOneBatch(() -> {
            try (Sql owner = Sql.connect(env)) {
                owner.query("INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type,"
                                + " timestamp, payloadtype, payloadrevision, payload, metadata, tenant_id)"
                                + " VALUES (?, ?, 0, 'Product', ?, ?, NULL, ?, ?, ?::uuid) RETURNING globalindex",
                        UUID.randomUUID().toString(), garbled.toString(), Instant.now().toString(),
                        ProductDeactivated.class.getName(), "{not json at all".getBytes(StandardCharsets.UTF_8),
                        ("{\"tenantId\":\"" + tenant + "\"}").getBytes(StandardCharsets.UTF_8), tenant.toString());
            }
            new StoredEvents(eventStore, positions, jdbc).append("Product", linked.toString(), tenant.toString(), "test",
                    new ProductCreated(linked, tenant, "AFTER-GARBLED", details("gid://shopify/Product/6", "gid://shopify/ProductVariant/61"), true),
                    new ProductPriceChanged(linked, tenant, new PriceChangeId(UUID.randomUUID()), RunKind.APPLY,
                            usd("20.00"), usd("16.00"), null, null, null));
        });

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(deliveries.find(tenant, linked)).hasValueSatisfying(delivery ->
                        assertThat(delivery.intent().variantGid()).isEqualTo("gid://shopify/ProductVariant/61")));
        // left parked, as PoisonEventTest leaves its own: a sequence of its own, in every group that handles its type
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.get(
                "/admin/v1/dead-letters?processingGroup=" + ShopifyVariantLinks.PROCESSING_GROUP + "&size=500",
                api.adminToken()).json().path("items").findValuesAsText("sequenceId"))
                .contains(garbled.toString()).doesNotContain(linked.toString()));
    }

    private static ProductPriceChanged priced(ProductId product, TenantId tenant, PriceChangeId change, String amount) {
        return new ProductPriceChanged(product, tenant, change, RunKind.APPLY, usd("20.00"), usd(amount), null, null, null);
    }

    /** A synced shop whose writes are held: an intent stays PENDING, nothing reaches the fake shop. */
    private Shop shopWithWritesHeld() {
        Shop shop = new WriteBackSteps(api).syncedShop(1, "20.00");
        connections.status(shop.tenantId(), ShopConnection.Status.TOKEN_INVALID, "test: hold the writes");
        return shop;
    }

    /** Appends while {@code shopify-channel} is stopped, so that it finds the events together when it starts. */
    private void inOneBatch(Runnable append) {
        EventProcessor group = processing.eventProcessor(ShopifyVariantLinks.PROCESSING_GROUP).orElseThrow();
        group.shutDown();
        try {
            append.run();
        } finally {
            group.start();
        }
    }

    private static ProductDetails details(String productGid, String variantGid) {
        return new ProductDetails("Linked", "Vendor", null, List.of(), null,
                Map.of("shopify", Map.of("productId", productGid, "variantId", variantGid)));
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }
}
