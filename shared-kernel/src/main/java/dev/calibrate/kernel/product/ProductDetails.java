package dev.calibrate.kernel.product;

import dev.calibrate.kernel.money.Money;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The descriptive part of a product. Tags are kept sorted and unique, and channel refs sorted,
 * so two equal payloads compare equal and an unchanged upsert emits nothing.
 *
 * @param channelRefs per channel ({@code shopify}, {@code amazon}) the channel's identifiers
 */
public record ProductDetails(String title, String vendor, String productType, List<String> tags, Money cost,
                             Map<String, Map<String, String>> channelRefs) {

    public ProductDetails {
        tags = tags == null ? List.of() : tags.stream().map(String::trim).filter(t -> !t.isEmpty())
                .distinct().sorted().toList();
        SortedMap<String, Map<String, String>> refs = new TreeMap<>();
        if (channelRefs != null) {
            channelRefs.forEach((channel, ids) -> refs.put(channel, ids == null ? Map.of() : new TreeMap<>(ids)));
        }
        channelRefs = refs;
    }
}
