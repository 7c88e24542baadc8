package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.anomaly.AboveAverage;
import dev.calibrate.kernel.anomaly.AboveAverage.Above;
import dev.calibrate.kernel.anomaly.PriceMoves.Tense;
import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.query.anomaly.AnomalyApi.Evidence;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import dev.calibrate.query.anomaly.ProductHistory.Fact;
import dev.calibrate.query.anomaly.ProductHistory.PriceSet;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A price set above 6× the product's time-weighted average price (that currency) over the 30 days
 * before it, by {@link AboveAverage} (which a preview judges proposed prices with too): each earlier
 * price weighs by how long it held within those 30 days. Only the time the product had a price
 * counts, so a product priced 3 days ago is compared with those 3 days; its first price has no
 * average and is never one, nor is a price after an average of 0 or below.
 */
final class AboveAverageRule implements AnomalyRule {

    static final Duration WINDOW = AboveAverage.WINDOW;
    /** At most this many of the window's prices are named as evidence: the most recent. */
    static final int MAX_EVIDENCE = 10;

    @Override
    public AnomalyKind kind() {
        return AnomalyKind.ABOVE_AVERAGE;
    }

    @Override
    public List<Anomaly> find(ProductHistory history, Instant from, Instant to) {
        List<Anomaly> found = new ArrayList<>();
        Map<String, Prices> earlier = new HashMap<>();
        for (Fact fact : history.facts()) {
            if (fact instanceof PriceSet set) {
                Prices before = earlier.computeIfAbsent(set.price().currency(), c -> new Prices());
                if (AnomalyRule.within(set.at(), from, to)) {
                    check(history, set, before, found);
                }
                before.add(set);
            }
        }
        return found;
    }

    /**
     * A currency's prices in stream order, with the running sum of price × time each held until the
     * next, and the first that still holds within the window of the latest price checked. The window
     * only moves forward, so the average of each price is found without walking the earlier ones again.
     */
    private static final class Prices {
        final List<PriceSet> sets = new ArrayList<>();
        /** weightedBefore.get(k): the sum over j < k of price j × the millis until price j + 1. */
        final List<BigDecimal> weightedBefore = new ArrayList<>(List.of(BigDecimal.ZERO));
        int first;

        void add(PriceSet set) {
            if (!sets.isEmpty()) {
                PriceSet last = sets.get(sets.size() - 1);
                weightedBefore.add(weightedBefore.get(weightedBefore.size() - 1).add(weigh(last, last.at(), set.at())));
            }
            sets.add(set);
        }

        /** When price {@code k} stopped holding: the next price's time, or {@code at} for the last. */
        Instant end(int k, Instant at) {
            return k + 1 < sets.size() ? sets.get(k + 1).at() : at;
        }
    }

    private static BigDecimal weigh(PriceSet price, Instant start, Instant end) {
        return AboveAverage.weigh(price.price().amount(), start.toEpochMilli(), end.toEpochMilli());
    }

    private void check(ProductHistory history, PriceSet set, Prices before, List<Anomaly> found) {
        int last = before.sets.size() - 1;
        if (last < 0) {
            return;
        }
        Instant windowStart = set.at().minus(WINDOW);
        before.first = AboveAverage.firstHeld(before.first, last, k -> before.end(k, set.at()).toEpochMilli(),
                windowStart.toEpochMilli());
        int first = before.first;
        PriceSet oldest = before.sets.get(first);
        Instant from = Instant.ofEpochMilli(AboveAverage.coveredFrom(oldest.at().toEpochMilli(), windowStart.toEpochMilli()));
        // the first price held from the window's start, the last until this one, those between whole
        BigDecimal weighted = weigh(oldest, from, before.end(first, set.at()));
        if (last > first) {
            weighted = weighted.add(before.weightedBefore.get(last).subtract(before.weightedBefore.get(first + 1)))
                    .add(weigh(before.sets.get(last), before.sets.get(last).at(), set.at()));
        }
        Optional<Above> above = AboveAverage.judge(set.price().amount(), weighted,
                Duration.between(from, set.at()).toMillis());
        if (above.isEmpty()) {
            return;
        }
        List<PriceSet> held = new ArrayList<>();
        for (int k = last; k >= first && held.size() < MAX_EVIDENCE; k--) {
            if (before.end(k, set.at()).isAfter(max(before.sets.get(k).at(), windowStart))) {
                held.add(0, before.sets.get(k));
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(AnomalyRule.evidence("price", set.ref(), set.price()));
        held.forEach(price -> evidence.add(AnomalyRule.evidence("average-window", price.ref(), price.price())));
        found.add(new Anomaly(kind(), Severity.HIGH, history.productId().value(), set.price().currency(), set.at(),
                set.price().amount().toPlainString(), AboveAverage.reason(Tense.PAST, set.price(), above.get()),
                null, evidence));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
