package dev.calibrate.connectors.shopify.fake;

import java.time.Instant;

/**
 * A product variant as the fake shop stores it (immutable snapshot).
 *
 * @param legacyId          numeric id
 * @param productLegacyId   numeric id of its product
 * @param position          1-based position within the product
 * @param title             variant title, e.g. {@code "Navy / M"}
 * @param sku               SKU, e.g. {@code SKU-000123-2}; may be null
 * @param price             price in the shop currency, two decimals, e.g. {@code "29.99"}
 * @param compareAtPrice    "was" price, or null
 * @param unitCost          cost per item ({@code inventoryItem.unitCost.amount}), or null when unknown
 * @param inventoryItemId   numeric id of its inventory item
 * @param createdAt         creation time (whole seconds)
 * @param updatedAt         last change (whole seconds)
 */
public record FakeVariant(long legacyId, long productLegacyId, int position, String title, String sku,
                          String price, String compareAtPrice, String unitCost, long inventoryItemId,
                          Instant createdAt, Instant updatedAt) {

    /** The GraphQL id, {@code gid://shopify/ProductVariant/N}. */
    public String gid() {
        return Gids.variant(legacyId);
    }

    /** The GraphQL id of its product. */
    public String productGid() {
        return Gids.product(productLegacyId);
    }

    /** The GraphQL id of its inventory item, {@code gid://shopify/InventoryItem/N}. */
    public String inventoryItemGid() {
        return Gids.of("InventoryItem", inventoryItemId);
    }

    FakeVariant withPrices(String newPrice, String newCompareAt, Instant at) {
        return new FakeVariant(legacyId, productLegacyId, position, title, sku, newPrice, newCompareAt, unitCost,
                inventoryItemId, createdAt, at);
    }

    FakeVariant withUnitCost(String newCost, Instant at) {
        return new FakeVariant(legacyId, productLegacyId, position, title, sku, price, compareAtPrice, newCost,
                inventoryItemId, createdAt, at);
    }
}
