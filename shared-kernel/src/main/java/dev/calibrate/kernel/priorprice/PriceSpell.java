package dev.calibrate.kernel.priorprice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A price a product had in one currency, in effect from {@code from} until the next spell's
 * {@code from} (a row of {@code product_price_history}: an observed or API price from its event's
 * time, a price change's from its apply time). {@code compareAt} is the strike-through it showed, or null.
 */
public record PriceSpell(BigDecimal amount, BigDecimal compareAt, Instant from) {

    public PriceSpell {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(from, "from");
    }

    /** An announced reduction: a compare-at above the price. */
    public boolean announcesReduction() {
        return compareAt != null && compareAt.compareTo(amount) > 0;
    }
}
