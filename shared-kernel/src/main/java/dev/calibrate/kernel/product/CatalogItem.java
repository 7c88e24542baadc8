package dev.calibrate.kernel.product;

import dev.calibrate.kernel.money.Money;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A product as the engine sees it in a catalog snapshot. {@code prices} and {@code compareAt} are
 * keyed by currency code; {@code cost} and {@code map} (minimum advertised price) may be null.
 */
public record CatalogItem(ProductId productId, String sku, String title, String vendor, String productType,
                          List<String> tags, Set<String> channels, boolean active, Money cost,
                          Map<String, Money> prices, Map<String, Money> compareAt, Money map) {

    public CatalogItem {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(sku, "sku");
        tags = tags == null ? List.of() : List.copyOf(tags);
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        compareAt = compareAt == null ? Map.of() : Map.copyOf(compareAt);
    }

    public Optional<Money> price(String currency) {
        return Optional.ofNullable(prices.get(currency));
    }

    public Optional<Money> compareAt(String currency) {
        return Optional.ofNullable(compareAt.get(currency));
    }

    /** The cost when it is in {@code currency}; a cost in another currency is never converted. */
    public Optional<Money> cost(String currency) {
        return cost != null && cost.currency().equals(currency) ? Optional.of(cost) : Optional.empty();
    }

    public Optional<Money> map(String currency) {
        return map != null && map.currency().equals(currency) ? Optional.of(map) : Optional.empty();
    }
}
