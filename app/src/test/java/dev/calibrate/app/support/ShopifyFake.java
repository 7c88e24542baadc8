package dev.calibrate.app.support;

import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fake Shopify per test JVM (the app's {@code calibrate.shopify.base-url} points at it, see
 * {@link IntegrationTest}); each test makes its own shops, so tests never see each other's catalog.
 */
public final class ShopifyFake {

    private static final FakeShopify SERVER = new FakeShopify();

    private ShopifyFake() {
    }

    public static FakeShopify server() {
        return SERVER;
    }

    /** A new empty shop with a unique domain, selling in {@code currency}. */
    public static FakeShop newShop(String currency) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return SERVER.addShop("shop-" + id + ".myshopify.com", "shpat_" + UUID.randomUUID().toString().replace("-", ""),
                currency);
    }

    /** Connects the token's tenant to {@code shop} as a custom app whose webhooks the fake signs. */
    public static Api.Response connect(Api api, Api.TenantToken tenant, FakeShop shop) {
        Api.Response response = api.post("/api/v1/connectors/shopify", tenant.token(), Map.of("shop", shop.domain(),
                "accessToken", shop.accessToken(), "apiSecret", FakeShopify.DEFAULT_CLIENT_SECRET));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response;
    }
}
