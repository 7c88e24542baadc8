package dev.calibrate.command.product;

import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a channel's upsert may change on an existing product, now that one SKU can be on several
 * channels. A channel only speaks for its own entry of {@code channelRefs}: the others stay. A
 * read-only channel (Amazon) does not own the descriptive details of a product a write-back channel
 * (Shopify) is linked to, nor whether it is active; on a product only read-only channels know, its
 * title and vendor win, and what it does not say (type, tags, cost) stays. Upserts through the API
 * ({@code source} {@code api}) describe the whole product, as before.
 */
final class ChannelDetails {

    static final Set<String> CHANNELS = Set.of(ChannelMessages.SHOPIFY, ChannelMessages.AMAZON);

    private ChannelDetails() {
    }

    /** The details the product has after {@code cmd}; {@code current} is null for a new product. */
    static ProductDetails merged(ProductDetails current, UpsertProduct cmd) {
        ProductDetails incoming = cmd.details();
        String source = cmd.source();
        if (current == null || !CHANNELS.contains(source)) {
            return incoming;
        }
        Map<String, Map<String, String>> refs = new TreeMap<>(current.channelRefs());
        refs.remove(source);
        Map<String, String> own = incoming.channelRefs().get(source);
        if (own != null) {
            refs.put(source, own);
        }
        if (ChannelMessages.writesBack(source)) {
            return new ProductDetails(incoming.title(), incoming.vendor(), incoming.productType(), incoming.tags(),
                    incoming.cost(), refs);
        }
        if (linkedToWriteBack(current)) {
            return new ProductDetails(current.title(), current.vendor(), current.productType(), current.tags(),
                    current.cost(), refs);
        }
        return new ProductDetails(incoming.title(), incoming.vendor(),
                incoming.productType() != null ? incoming.productType() : current.productType(),
                incoming.tags().isEmpty() ? current.tags() : incoming.tags(),
                incoming.cost() != null ? incoming.cost() : current.cost(), refs);
    }

    /**
     * Whether the product is active after {@code cmd} (null: unchanged). A read-only channel never
     * (de)activates a product a write-back channel is linked to: that channel says whether it sells.
     */
    static Boolean active(ProductDetails current, UpsertProduct cmd) {
        if (current != null && readOnlyChannel(cmd.source()) && linkedToWriteBack(current)) {
            return null;
        }
        return cmd.active();
    }

    /** A channel Calibrate reads from and never writes to (Amazon in this release). */
    static boolean readOnlyChannel(String source) {
        return CHANNELS.contains(source) && !ChannelMessages.writesBack(source);
    }

    private static boolean linkedToWriteBack(ProductDetails details) {
        return details.channelRefs().keySet().stream().anyMatch(ChannelMessages::writesBack);
    }

    /** The names of the details that differ, in the order ProductDetailsChanged lists them. */
    static List<String> changedFields(ProductDetails before, ProductDetails after) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(before.title(), after.title())) changed.add("title");
        if (!Objects.equals(before.vendor(), after.vendor())) changed.add("vendor");
        if (!Objects.equals(before.productType(), after.productType())) changed.add("productType");
        if (!Objects.equals(before.tags(), after.tags())) changed.add("tags");
        if (!Objects.equals(before.cost(), after.cost())) changed.add("cost");
        if (!Objects.equals(before.channelRefs(), after.channelRefs())) changed.add("channelRefs");
        return changed;
    }
}
