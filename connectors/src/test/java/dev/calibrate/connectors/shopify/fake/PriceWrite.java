package dev.calibrate.connectors.shopify.fake;

import java.time.Instant;

/**
 * One variant price write the shop accepted, in the order it was applied. Use
 * {@link FakeShop#writes()} to check that a connector wrote exactly the intended prices, once,
 * and never an older price over a newer one.
 *
 * @param productGid     the product the write named
 * @param variantGid     the variant written
 * @param price          the variant's price after the write
 * @param compareAtPrice the variant's compare-at price after the write (null when none)
 * @param at             shop clock time of the write
 * @param via            {@code productVariantsBulkUpdate} or {@code bulkOperationRunMutation}
 */
public record PriceWrite(String productGid, String variantGid, String price, String compareAtPrice, Instant at,
                         String via) {
}
