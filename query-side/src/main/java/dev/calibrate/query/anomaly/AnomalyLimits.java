package dev.calibrate.query.anomaly;

import java.time.Duration;

/**
 * What one anomalies request may cost, and the price-move floor (set from {@code calibrate.anomalies.*}).
 *
 * @param eventsPerProduct  the most recent events of a product's stream read at most (every type, so
 *                          the rows read are bounded, not only the rows used); a longer stream is partial
 * @param eventBudget       events one request reads at most over all its products; once spent the page
 *                          ends early, after the last product read whole, and {@code nextAfter} goes on from it
 * @param statementTimeout  a query of the event store still running after this long is cancelled: 503
 * @param priceMoveFloor    a price move scoring above 3.5 is reported only if the price moved by at least
 *                          this fraction (0.10: 10 %)
 */
public record AnomalyLimits(int eventsPerProduct, int eventBudget, Duration statementTimeout, double priceMoveFloor) {

    public static final AnomalyLimits DEFAULTS = new AnomalyLimits(1_000, 20_000, Duration.ofSeconds(5), 0.10);

    public AnomalyLimits {
        if (eventsPerProduct < 1 || eventBudget < eventsPerProduct) {
            throw new IllegalArgumentException("the event budget must hold at least one product's events");
        }
        if (priceMoveFloor < 0) {
            throw new IllegalArgumentException("the price-move floor must not be negative");
        }
    }
}
