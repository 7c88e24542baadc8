package dev.calibrate.app.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The steps of the write-back tests, over HTTP: a tenant connected to a fresh fake shop and synced
 * from it, price changes over everything it sells, and what the shop and the products show after.
 */
final class WriteBackSteps {

    static final String DELIVERIES = "/api/v1/connectors/shopify/deliveries";
    static final String VENDOR = "Calibrate Test Vendor";

    private final Api api;
    private final PriceChangeSteps changes;

    WriteBackSteps(Api api) {
        this.api = api;
        this.changes = new PriceChangeSteps(api);
    }

    /** A tenant (every scope), a second token that approves, and the shop they are connected to. */
    record Shop(Api.TenantToken manager, Api.TenantToken approver, FakeShop fake) {
        TenantId tenantId() {
            return new TenantId(UUID.fromString(manager.tenantId()));
        }

        ProductId product(FakeVariant variant) {
            return ProductId.forSku(tenantId(), variant.sku());
        }
    }

    /** A shop selling {@code products} products, their variants at {@code prices}, synced into a new tenant. */
    Shop syncedShop(int products, String... prices) {
        return syncedShop("USD", products, prices);
    }

    Shop syncedShop(String currency, int products, String... prices) {
        FakeShop fake = ShopifyFake.newShop(currency);
        for (int i = 1; i <= products; i++) {
            fake.addProduct("Write-back " + i, prices);
        }
        Api.TenantToken manager = api.newTenant("Write-back " + fake.domain());
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        ShopifyFake.connect(api, manager, fake);
        Api.Response sync = api.post("/api/v1/connectors/shopify/sync", manager.token(), null);
        assertThat(sync.status()).as(sync.body()).isEqualTo(202);
        await("sync of " + fake.domain()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(status(manager).path("sync").path("state").asText()).isEqualTo("COMPLETED"));
        int variants = fake.variants().size();
        await("catalog of " + fake.domain()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.get("/api/v1/products?size=1", manager.token()).json()
                        .path("total").asInt()).isEqualTo(variants));
        return new Shop(manager, approver, fake);
    }

    JsonNode status(Api.TenantToken tenant) {
        return api.get("/api/v1/connectors/shopify/status", tenant.token()).json();
    }

    /** Approves and applies {@code percent} on every product of the shop; answers the change id once applied. */
    String apply(Shop shop, int percent) {
        String id = changes.approved(shop.manager().token(), shop.approver().token(), percent + "% at Shopify",
                Map.of("selector", Map.of("all", List.of(Map.of("field", "vendor", "op", "in", "value", List.of(VENDOR)))),
                        "transform", List.of(Map.of("op", "percent", "value", percent)),
                        "currency", "USD"), Map.of());
        Api.Response applied = changes.action(shop.manager().token(), id, "apply", null);
        assertThat(applied.status()).as(applied.body()).isEqualTo(202);
        changes.awaitApplied(shop.manager().token(), id);
        return id;
    }

    void rollBack(Shop shop, String change) {
        Api.Response rolling = changes.action(shop.manager().token(), change, "rollback", null);
        assertThat(rolling.status()).as(rolling.body()).isEqualTo(202);
        changes.awaitRolledBack(shop.manager().token(), change);
    }

    /** The price each SKU got from the change. */
    Map<String, String> proposed(Shop shop, String change) {
        Map<String, String> prices = new TreeMap<>();
        for (JsonNode item : changes.items(shop.manager().token(), change)) {
            prices.put(item.path("sku").asText(), item.path("proposedPrice").path("amount").asText());
        }
        return prices;
    }

    /** Every variant's price at the fake, by SKU. */
    static Map<String, String> shopPrices(FakeShop shop) {
        Map<String, String> prices = new TreeMap<>();
        shop.variants().forEach(v -> prices.put(v.sku(), v.price()));
        return prices;
    }

    void awaitShopPrices(FakeShop shop, Map<String, String> expected) {
        await("prices at " + shop.domain()).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(shopPrices(shop)).isEqualTo(expected));
    }

    /** The product's events of {@code type} (from its history in the event store). */
    List<JsonNode> events(Shop shop, ProductId product, String type) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode event : api.get("/api/v1/products/" + product + "/history", shop.manager().token()).json()
                .path("events")) {
            if (event.path("type").asText().equals(type)) {
                found.add(event.path("payload"));
            }
        }
        return found;
    }

    /** Waits until every variant's product recorded {@code type} for {@code change} and {@code action}. */
    void awaitRecorded(Shop shop, String type, String change, String action) {
        await(type + " on every product").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    for (FakeVariant variant : shop.fake().variants()) {
                        assertThat(events(shop, shop.product(variant), type)).as("%s of %s", type, variant.sku())
                                .anySatisfy(e -> {
                                    assertThat(e.path("priceChangeId").asText()).isEqualTo(change);
                                    assertThat(e.path("action").asText()).isEqualTo(action);
                                });
                    }
                });
    }

    /** The tenant's deliveries with {@code status} (all when null), by Shopify variant id. */
    Map<String, JsonNode> deliveries(Api.TenantToken tenant, String status) {
        Map<String, JsonNode> rows = new TreeMap<>();
        api.get(DELIVERIES + "?size=500" + (status == null ? "" : "&status=" + status), tenant.token()).json()
                .path("items").forEach(row -> rows.put(row.path("shopifyVariantId").asText(), row));
        return rows;
    }
}
