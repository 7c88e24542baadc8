package dev.calibrate.command.simulation;

import java.math.BigDecimal;

/**
 * Where a price stands among the competitors' fresh prices, as {@code GET /api/v1/analytics/price-position}
 * defines it: at or below the lowest is CHEAPEST (also when it equals the highest), at or above the highest
 * MOST_EXPENSIVE, between IN_BAND; with no fresh competing price, NO_DATA.
 */
enum Position {
    CHEAPEST, IN_BAND, MOST_EXPENSIVE, NO_DATA;

    static Position of(BigDecimal price, BigDecimal lowest, BigDecimal highest) {
        if (lowest == null) return NO_DATA;
        if (price.compareTo(lowest) <= 0) return CHEAPEST;
        if (price.compareTo(highest) >= 0) return MOST_EXPENSIVE;
        return IN_BAND;
    }
}
