package dev.calibrate.kernel.product;

import dev.calibrate.kernel.channel.ChannelMessages;

import java.util.Map;
import java.util.Objects;

/**
 * A product of the catalog read model with its version: the sequence number of the last of its events
 * the read model applied. Whoever keeps a copy of the catalog and follows the events itself applies
 * only events past this version, so none is applied twice.
 *
 * @param channelGroup the channel product this product is a variant of (its Shopify product gid), or
 *                     null: the products of one group are written back to the channel together
 */
public record CatalogEntry(CatalogItem item, long version, String channelGroup) {

    /** The channel ref that names a product's {@code channelGroup}: {@code channelRefs.shopify.productId}. */
    private static final String GROUP_REF = "productId";

    public CatalogEntry {
        Objects.requireNonNull(item, "item");
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
