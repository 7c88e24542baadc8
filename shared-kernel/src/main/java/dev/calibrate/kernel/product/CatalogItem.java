package dev.calibrate.kernel.product;

import dev.calibrate.kernel.money.Money;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A product as the engine sees it in a catalog snapshot. {@code prices} and {@code compareAt} are
 * keyed by currency code; {@code cost} may be null. {@code brandFloors} are the product's brand price
 * floors (MAP, PMAP, LRP) by currency code.
 */
public record CatalogItem(ProductId productId, String sku, String title, String vendor, String productType,
                          List<String> tags, Set<String> channels, boolean active, Money cost,
                          Map<String, Money> prices, Map<String, Money> compareAt,
                          Map<String, BrandFloors> brandFloors) {

    public CatalogItem {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(sku, "sku");
        tags = tags == null ? List.of() : List.copyOf(tags);
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        compareAt = compareAt == null ? Map.of() : Map.copyOf(compareAt);
        brandFloors = brandFloors == null ? Map.of() : Map.copyOf(brandFloors);
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

    /** The brand floor in force at {@code at} in {@code currency} (LRP, else an active PMAP, else MAP). */
    public Optional<BrandFloors.BrandFloor> brandFloor(String currency, Instant at) {
        BrandFloors floors = brandFloors.get(currency);
        return floors == null ? Optional.empty() : floors.at(at);
    }
}
