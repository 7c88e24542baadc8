package dev.calibrate.command.product.price;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;

/**
 * A product's price in one currency as it stands: the price, its compare-at (may be null) and who set
 * it. The product keeps one per currency and nothing of the prices before, but the few setters a
 * rollback gives the price back to ({@link Provenance.SetBy#replaced}).
 */
public record CurrentPrice(Money price, Money compareAt, Provenance provenance) {

    /** The price change whose price this is; null when a channel's (or the API's) price is current. */
    public PriceChangeId setBy() {
        return provenance instanceof Provenance.SetBy set ? set.change() : null;
    }
}
