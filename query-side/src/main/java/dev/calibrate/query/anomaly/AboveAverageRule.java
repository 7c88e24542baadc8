package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.query.anomaly.AnomalyApi.Evidence;
import dev.calibrate.query.anomaly.AnomalyApi.Severity;
import dev.calibrate.query.anomaly.ProductHistory.Fact;
import dev.calibrate.query.anomaly.ProductHistory.PriceSet;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A price set above 6× the product's time-weighted average price (that currency) over the 30 days
 * before it: each earlier price weighs by how long it held within those 30 days. Only the time the
 * product had a price counts, so a product priced 3 days ago is compared with those 3 days; its
 * first price has no average and is never one.
 */
final class AboveAverageRule implements AnomalyRule {

    static final Duration WINDOW = Duration.ofDays(30);
    static final BigDecimal FACTOR = BigDecimal.valueOf(6);
    /** At most this many of the window's prices are named as evidence: the most recent. */
    static final int MAX_EVIDENCE = 10;

    @Override
    public AnomalyKind kind() {
        return AnomalyKind.ABOVE_AVERAGE;
    }

    @Override
    public List<Anomaly> find(ProductHistory history, Instant from, Instant to) {
        List<Anomaly> found = new ArrayList<>();
        Map<String, List<PriceSet>> earlier = new HashMap<>();
        for (Fact fact : history.facts()) {
            if (fact instanceof PriceSet set) {
                List<PriceSet> before = earlier.computeIfAbsent(set.price().currency(), c -> new ArrayList<>());
                if (AnomalyRule.within(set.at(), from, to)) {
                    check(history, set, before, found);
                }
                before.add(set);
            }
        }
        return found;
    }

    private void check(ProductHistory history, PriceSet set, List<PriceSet> before, List<Anomaly> found) {
        Instant windowStart = set.at().minus(WINDOW);
        BigDecimal weighted = BigDecimal.ZERO;
        long covered = 0;
        List<PriceSet> held = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            Instant start = max(before.get(i).at(), windowStart);
            Instant end = i + 1 < before.size() ? before.get(i + 1).at() : set.at();
            long millis = Duration.between(start, end).toMillis();
            if (millis > 0) {
                weighted = weighted.add(before.get(i).price().amount().multiply(BigDecimal.valueOf(millis)));
                covered += millis;
                held.add(before.get(i));
            }
        }
        if (covered == 0) {
            return;
        }
        BigDecimal average = weighted.divide(BigDecimal.valueOf(covered), MathContext.DECIMAL64);
        if (set.price().amount().compareTo(average.multiply(FACTOR)) <= 0) {
            return;
        }
        String currency = set.price().currency();
        Money shown = new Money(average.setScale(Money.minorUnits(currency), RoundingMode.HALF_EVEN), currency);
        // an average of 0 (the product was free for those 30 days) has no multiple: any price is above 6× it
        String multiple = average.signum() == 0 ? "priced above" : AnomalyRule.number(
                set.price().amount().divide(average, MathContext.DECIMAL64).doubleValue()) + "×";
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(AnomalyRule.evidence("price", set.ref(), set.price()));
        held.subList(Math.max(0, held.size() - MAX_EVIDENCE), held.size())
                .forEach(price -> evidence.add(AnomalyRule.evidence("average-window", price.ref(), price.price())));
        found.add(new Anomaly(kind(), Severity.HIGH, history.productId().value(), currency, set.at(),
                set.price().amount().toPlainString(), "priced " + AnomalyRule.money(set.price()) + ", "
                + multiple + " its time-weighted 30-day average of " + AnomalyRule.money(shown),
                null, evidence));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
