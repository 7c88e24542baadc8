package dev.calibrate.connectors.shopify.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A Shopify product's fields that its variants' Calibrate products carry, as ingest read them (a
 * GraphQL page, a bulk query's JSONL, a webhook's REST payload).
 *
 * @param gid       {@code gid://shopify/Product/1}
 * @param status    ACTIVE, ARCHIVED, DRAFT or UNLISTED (webhooks send it in lower case; it is upper-cased here)
 * @param updatedAt when Shopify last changed the product: what tells a stale webhook from a fresh one
 */
public record ShopifyProduct(String gid, String title, String vendor, String productType, List<String> tags, String status,
                      Instant updatedAt) {

    public ShopifyProduct {
        tags = tags == null ? List.of() : List.copyOf(tags);
        status = status == null ? null : status.toUpperCase(java.util.Locale.ROOT);
    }

    /** ARCHIVED and DRAFT products are not for sale; ACTIVE and UNLISTED ones are. Unknown: keep what Calibrate has. */
    Boolean sellable() {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "ARCHIVED", "DRAFT" -> false;
            default -> true;
        };
    }
}
