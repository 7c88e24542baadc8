package dev.calibrate.connectors.shopify.writeback.sending;

import dev.calibrate.connectors.shopify.api.ShopifyGraphQl.ShopAccess;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.List;

/** The shop a write-back round serves: its connection, and the token to call it with. */
record WriteBackShop(ShopConnection connection, ShopAccess access) {

    TenantId tenantId() {
        return connection.tenantId();
    }

    String domain() {
        return connection.shop();
    }

    static List<ProductId> productIds(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::productId).toList();
    }

    /** Thrown to end a shop's round early: its token was refused, or its circuit breaker is open. */
    static final class StopShop extends RuntimeException {
        StopShop(String why) {
            super(why, null, false, false);
        }
    }
}
