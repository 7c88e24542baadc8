package dev.calibrate.connectors.shopify.catalog;

/**
 * One Shopify variant with its product: what becomes one Calibrate product. Money stays in Shopify's
 * decimal strings until it is mapped, so an odd value costs one variant, not the whole read.
 *
 * @param gid            {@code gid://shopify/ProductVariant/2}
 * @param sku            as Shopify has it, possibly blank
 * @param price          e.g. {@code "29.99"}, in the shop's currency
 * @param compareAtPrice null when the variant has none
 * @param costAmount     the inventory item's unit cost, null when Shopify has none (or did not say: webhooks)
 * @param costCurrency   the unit cost's currency
 */
record ShopifyVariant(ShopifyProduct product, String gid, String sku, String price, String compareAtPrice,
                      String costAmount, String costCurrency) {

    /** The number at the end of the gid: Shopify's legacy id, the order variants are compared in. */
    long numericId() {
        return numericId(gid);
    }

    static long numericId(String gid) {
        String tail = gid.substring(gid.lastIndexOf('/') + 1);
        int query = tail.indexOf('?');
        try {
            return Long.parseLong(query < 0 ? tail : tail.substring(0, query));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
