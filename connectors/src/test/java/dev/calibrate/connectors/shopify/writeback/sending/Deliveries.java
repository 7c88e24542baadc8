package dev.calibrate.connectors.shopify.writeback.sending;

import dev.calibrate.connectors.shopify.writeback.DeliveryIntent;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Deliveries for tests: variant {@code v} of Shopify product {@code p}, at a USD price. */
final class Deliveries {

    static final TenantId TENANT = new TenantId(UUID.fromString("00000000-0000-0000-0000-0000000000aa"));
    static final PriceChangeId CHANGE = new PriceChangeId(UUID.fromString("00000000-0000-0000-0000-0000000000cc"));
    static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

    private Deliveries() {
    }

    static Delivery delivery(int product, int variant, String price, String compareAt) {
        return new Delivery(new DeliveryIntent(TENANT, ProductId.forSku(TENANT, "sku-" + product + "-" + variant),
                "gid://shopify/Product/" + product, "gid://shopify/ProductVariant/" + (product * 10_000 + variant), 3,
                CHANGE, RunKind.APPLY, usd(price), compareAt == null ? null : usd(compareAt), AT), 0);
    }

    static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
