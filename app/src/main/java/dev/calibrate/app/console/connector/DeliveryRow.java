package dev.calibrate.app.console.connector;

import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryViews;

import java.time.Instant;

/** One price on its way to (or refused by) Shopify, as the deliveries table shows it. */
public record DeliveryRow(String productId, String variant, String price, String currency, String status, int attempts,
                   String reason, Instant intendedAt, Instant syncedAt) {

    static DeliveryRow of(ShopifyDeliveryViews.Row row) {
        var intent = row.delivery().intent();
        String variant = intent.variantGid();
        return new DeliveryRow(intent.productId().toString(), variant.substring(variant.lastIndexOf('/') + 1),
                intent.price().amount().toPlainString(), intent.price().currency(), row.status().name(),
                row.delivery().attempts(), row.lastError(), intent.intendedAt(), row.syncedAt());
    }

    public String badge() {
        switch (status) {
            case "SYNCED":
                return "ok";
            case "FAILED":
                return "bad";
            default:
                return "warn";
        }
    }
}
