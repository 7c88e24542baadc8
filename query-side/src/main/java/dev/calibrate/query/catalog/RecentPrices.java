package dev.calibrate.query.catalog;

import dev.calibrate.kernel.product.CatalogEntry.PricePoint;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One product's recent prices per currency, merged from its history rows as they come in (valid_from,
 * event_id) order: the row that held at the look-back's start, then the window's. A price equal to the
 * one before it is no change and is dropped (compared as numbers, as SQL's {@code IS DISTINCT FROM}
 * did: 25.5 and 25.500000 are one price); of the rest, only the most recent {@code limit} are kept.
 * Dropping against the last kept price is the same as against the row just before: every dropped row
 * equals the kept one it follows.
 */
final class RecentPrices {

    private final int limit;
    private final Map<String, ArrayDeque<PricePoint>> byCurrency = new HashMap<>();

    RecentPrices(int limit) {
        this.limit = limit;
    }

    /** The next history row of {@code currency}, in (valid_from, event_id) order. */
    void add(String currency, BigDecimal amount, Instant at) {
        ArrayDeque<PricePoint> points = byCurrency.computeIfAbsent(currency, c -> new ArrayDeque<>());
        PricePoint last = points.peekLast();
        if (last != null && last.amount().compareTo(amount) == 0) {
            return;
        }
        if (points.size() == limit) {
            points.pollFirst();
        }
        points.addLast(new PricePoint(amount, at));
    }

    /** Per currency that had any history row, its recent prices, oldest first. */
    Map<String, List<PricePoint>> toMap() {
        Map<String, List<PricePoint>> map = new HashMap<>(byCurrency.size() * 2);
        byCurrency.forEach((currency, points) -> map.put(currency, List.copyOf(points)));
        return map;
    }
}
