package dev.calibrate.connectors.amazon.fake;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One SKU of a fake seller: its ASIN (null: not matched to a catalog item yet), the listing's own
 * name, the catalog item's title and brand (null: the catalog does not say), the marketplaces it is
 * listed in, and its B2C offer price per marketplace (absent: no offer there).
 */
public record FakeListing(String sku, String asin, String itemName, String catalogTitle, String brand,
                          List<String> marketplaceIds, Map<String, BigDecimal> prices) {

    public FakeListing {
        marketplaceIds = List.copyOf(marketplaceIds);
        prices = Map.copyOf(prices);
    }

    public FakeListing withPrice(String marketplaceId, String amount) {
        Map<String, BigDecimal> changed = new java.util.HashMap<>(prices);
        changed.put(marketplaceId, new BigDecimal(amount));
        return new FakeListing(sku, asin, itemName, catalogTitle, brand, marketplaceIds, changed);
    }
}
