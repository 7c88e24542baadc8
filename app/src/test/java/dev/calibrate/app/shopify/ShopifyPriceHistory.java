package dev.calibrate.app.shopify;

import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import dev.calibrate.connectors.shopify.fake.PriceWrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prices a fake shop was sent, per SKU and in the order the shop applied them, and the checks
 * the end-to-end tests make on them: nothing lost, nothing stale sent after something newer.
 */
public final class ShopifyPriceHistory {

    private ShopifyPriceHistory() {
    }

    /** Every price written to each variant since write number {@code from}, by SKU. */
    public static Map<String, List<String>> writesSince(FakeShop shop, int from) {
        Map<String, String> skuOf = new LinkedHashMap<>();
        shop.variants().forEach(v -> skuOf.put(v.gid(), v.sku()));
        Map<String, List<String>> bySku = new TreeMap<>();
        List<PriceWrite> writes = shop.writes();
        for (PriceWrite write : writes.subList(from, writes.size())) {
            bySku.computeIfAbsent(skuOf.get(write.variantGid()), s -> new ArrayList<>()).add(write.price());
        }
        return bySku;
    }

    /**
     * Each variant received the phases' prices in order (a phase's price may arrive more than once:
     * resending the same price is how a retry stays safe) and never an earlier phase's price after a
     * later one's.
     */
    @SafeVarargs
    public static void assertInOrderAndNeverStale(Map<String, List<String>> writes, Map<String, String>... phases) {
        assertThat(writes).as("variants written").isNotEmpty();
        writes.forEach((sku, prices) -> {
            int phase = 0;
            for (String price : prices) {
                while (phase < phases.length && !same(phases[phase].get(sku), price)) {
                    phase++;
                }
                assertThat(phase).as("%s got %s, which is no phase's price at that point (all writes: %s)", sku, price,
                        prices).isLessThan(phases.length);
            }
            assertThat(prices.get(prices.size() - 1)).as("last price written to %s", sku)
                    .satisfies(last -> assertThat(same(phases[phases.length - 1].get(sku), last)).isTrue());
        });
    }

    public static Map<String, String> prices(FakeShop shop) {
        Map<String, String> prices = new TreeMap<>();
        for (FakeVariant variant : shop.variants()) {
            prices.put(variant.sku(), variant.price());
        }
        return prices;
    }

    private static boolean same(String expected, String actual) {
        return expected != null && new java.math.BigDecimal(expected).compareTo(new java.math.BigDecimal(actual)) == 0;
    }
}
