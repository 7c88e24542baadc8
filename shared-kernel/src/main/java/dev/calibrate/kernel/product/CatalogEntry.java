package dev.calibrate.kernel.product;

import dev.calibrate.kernel.channel.ChannelMessages;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A product of the catalog read model with its version: the sequence number of the last of its events
 * the read model applied. Whoever keeps a copy of the catalog and follows the events itself applies
 * only events past this version, so none is applied twice.
 *
 * @param channelGroup the channel product this product is a variant of (its Shopify product gid), or
 *                     null: the products of one group are written back to the channel together
 * @param recentPrices per currency, the prices the product had lately, oldest first: the one that held
 *                     at the start of the read model's look-back (see {@link ProductMessages.FindCatalogEntries}) and
 *                     every later one, up to its current price, so that a copy knows the product's
 *                     recent moves (previews judge a proposed move against them)
 */
public record CatalogEntry(CatalogItem item, long version, String channelGroup,
                           Map<String, List<PricePoint>> recentPrices) {

    /** A price a product had in one currency, from when it was set. */
    public record PricePoint(BigDecimal amount, Instant at) {
    }

    /** The channel ref that names a product's {@code channelGroup}: {@code channelRefs.shopify.productId}. */
    private static final String GROUP_REF = "productId";

    public CatalogEntry {
        Objects.requireNonNull(item, "item");
        recentPrices = recentPrices == null ? Map.of() : Map.copyOf(recentPrices);
    }

    /** A product without its recent prices. */
    public CatalogEntry(CatalogItem item, long version, String channelGroup) {
        this(item, version, channelGroup, Map.of());
    }

    /** A product that belongs to no channel group. */
    public CatalogEntry(CatalogItem item, long version) {
        this(item, version, null);
    }

    /** The channel group {@code details} put their product in, or null (see {@link #channelGroup}). */
    public static String channelGroupOf(ProductDetails details) {
        Map<String, String> shopify = details.channelRefs().get(ChannelMessages.SHOPIFY);
        return shopify == null ? null : shopify.get(GROUP_REF);
    }
}
