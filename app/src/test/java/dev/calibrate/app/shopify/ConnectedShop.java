package dev.calibrate.app.shopify;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.shopify.fake.FakeShop;

/** A fresh tenant connected to a fresh fake shop. */
record ConnectedShop(Api.TenantToken tenant, FakeShop shop) {

    /**
     * @param webhooks whether the fake sends its webhooks (merchant edits, deletes) to the app by itself;
     *                 off, a test sends exactly the deliveries it means to
     */
    static ConnectedShop connect(Api api, String currency, boolean webhooks) {
        FakeShop shop = ShopifyFake.newShop(currency);
        Api.TenantToken tenant = api.newTenant("Shopify " + shop.domain());
        ShopifyFake.connect(api, tenant, shop);
        shop.autoWebhooks(webhooks);
        return new ConnectedShop(tenant, shop);
    }
}
