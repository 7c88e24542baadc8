package dev.calibrate.command.priorprice;

import dev.calibrate.kernel.priorprice.PriorPrice;
import dev.calibrate.kernel.product.ProductId;

import java.util.Map;

/**
 * The prior price of each product of one preview, in the rule's currency, as of the preview's time;
 * a product missing had no price in effect during the window (no history yet in the read model).
 */
public final class PriorPrices {

    private final Map<ProductId, PriorPrice> byProduct;

    public PriorPrices(Map<ProductId, PriorPrice> byProduct) {
        this.byProduct = Map.copyOf(byProduct);
    }

    /** The product's prior price, or null. */
    public PriorPrice of(ProductId productId) {
        return byProduct.get(productId);
    }

    public int size() {
        return byProduct.size();
    }
}
