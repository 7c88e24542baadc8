package dev.calibrate.app.support;

import java.util.List;
import java.util.Map;

/** Request bodies of product upserts for tests. */
public final class ProductBodies {

    private ProductBodies() {
    }

    /** A USD-priced product with a cost, tags and a compare-at price. */
    public static Map<String, Object> product(String sku, String price) {
        return Map.of("sku", sku, "title", "Product " + sku, "vendor", "Acme", "tags", List.of("test", "storage"),
                "cost", Map.of("amount", "4.00", "currency", "USD"),
                "prices", List.of(Map.of("currency", "USD", "amount", price, "compareAt", "99.00")));
    }

    /** The same product priced in two currencies. */
    public static Map<String, Object> product(String sku, String usd, String eur) {
        return Map.of("sku", sku, "title", "Product " + sku, "vendor", "Acme", "tags", List.of("test", "storage"),
                "prices", List.of(Map.of("currency", "USD", "amount", usd), Map.of("currency", "EUR", "amount", eur)));
    }
}
