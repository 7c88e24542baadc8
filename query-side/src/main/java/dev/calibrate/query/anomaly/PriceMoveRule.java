package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.anomaly.PriceMoves.Tense;
import dev.calibrate.kernel.anomaly.PriceMoves.Unusual;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import dev.calibrate.query.anomaly.ProductHistory.EventRef;
import dev.calibrate.query.anomaly.ProductHistory.Fact;
import dev.calibrate.query.anomaly.ProductHistory.PriceSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A price move unlike the product's others: the log return of each change of a currency's price,
 * scored by its modified z-score among the product's changes of that currency in the 90 days up to
 * and including it (the most recent {@link #MAX_SAMPLE} of them). A score above 3.5 over at least 10
 * changes is an anomaly, if the price moved by at least the floor ({@code calibrate.anomalies.price-move-floor},
 * 10 % by default; not in issue 16's rule, our addition); a score of 7 or more is high. A price set again at the same
 * amount is no change; a move from or to 0 has no log return and is left to the below-cost rule.
 * <p>
 * Why the floor: a product whose last changes were all small steps one way (a steady decline by 2 to
 * 3 %) has a tiny MAD, and a 4 % step the other way scores 9. That is unlike its others, but it is not
 * the mistaken price an approver should stop for; on a seeded catalog such steps were a third of the
 * reported moves (see {@code SeededHistoryAccuracyTest}).
 */
final class PriceMoveRule implements AnomalyRule {

    static final Duration WINDOW = PriceMoves.WINDOW;
    /** Each change's score sorts at most this many, so a history costs linear time in its changes. */
    static final int MAX_SAMPLE = PriceMoves.MAX_SAMPLE;

    private final double floor;

    /** @param floor the least move reported, as a fraction of the old price (0.10: 10 %) */
    PriceMoveRule(double floor) {
        this.floor = floor;
    }

    /** A change of a currency's price: from {@code before} (set by {@code previous}) to {@code after}. */
    record Change(EventRef previous, EventRef ref, Money before, Money after, double logReturn) {
    }

    @Override
    public AnomalyKind kind() {
        return AnomalyKind.PRICE_MOVE;
    }

    @Override
    public List<Anomaly> find(ProductHistory history, Instant from, Instant to) {
        List<Anomaly> found = new ArrayList<>();
        changesByCurrency(history.facts()).forEach((currency, changes) -> {
            // the window's first change only moves forward as the changes do: one pass over them
            int first = 0;
            for (int i = 0; i < changes.size(); i++) {
                Change change = changes.get(i);
                Instant windowStart = change.ref().at().minus(WINDOW);
                while (first < i && (!changes.get(first).ref().at().isAfter(windowStart) || i - first >= MAX_SAMPLE)) {
                    first++;
                }
                if (AnomalyRule.within(change.ref().at(), from, to)) {
                    score(history, changes.subList(first, i + 1)).ifPresent(found::add);
                }
            }
        });
        return found;
    }

    static Map<String, List<Change>> changesByCurrency(List<Fact> facts) {
        Map<String, List<Change>> changes = new HashMap<>();
        Map<String, PriceSet> last = new HashMap<>();
        for (Fact fact : facts) {
            if (fact instanceof PriceSet set) {
                String currency = set.price().currency();
                PriceSet previous = last.put(currency, set);
                double logReturn = previous == null ? Double.NaN
                        : PriceMoves.changeLogReturn(previous.price().amount(), set.price().amount());
                if (!Double.isNaN(logReturn)) {
                    changes.computeIfAbsent(currency, c -> new ArrayList<>())
                            .add(new Change(previous.ref(), set.ref(), previous.price(), set.price(), logReturn));
                }
            }
        }
        return changes;
    }

    /** The last of {@code window}'s changes, judged among them all by the rule previews share. */
    private Optional<Anomaly> score(ProductHistory history, List<Change> window) {
        Change change = window.get(window.size() - 1);
        double[] sample = window.stream().mapToDouble(Change::logReturn).toArray();
        Optional<Unusual> unusual = PriceMoves.judge(sample, AnomalyRule.percentChange(change.before(), change.after()),
                floor);
        if (unusual.isEmpty()) {
            return Optional.empty();
        }
        Unusual move = unusual.get();
        return Optional.of(new Anomaly(kind(), move.high() ? Severity.HIGH : Severity.MEDIUM,
                history.productId().value(), change.after().currency(), change.ref().at(),
                change.after().amount().toPlainString(),
                PriceMoves.reason(Tense.PAST, change.before(), change.after(), move), move.roundedScore(),
                List.of(AnomalyRule.evidence("previous-price", change.previous(), change.before()),
                        AnomalyRule.evidence("price", change.ref(), change.after()))));
    }
}
