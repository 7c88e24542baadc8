package dev.calibrate.query.anomaly;

import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every rule over a product's history: plain Java over the facts read from the event store, so the
 * same history always gives the same anomalies, in the same order (product, time, kind, currency).
 */
public final class AnomalyDetector {

    // a product id's text orders as PostgreSQL orders UUIDs (unsigned), and so as products are paged;
    // UUID.compareTo compares signed halves, and would put ids from 8 to f before 0 to 7
    static final Comparator<Anomaly> ORDER = Comparator.comparing((Anomaly anomaly) -> anomaly.productId().toString())
            .thenComparing(Anomaly::at).thenComparing(Anomaly::kind).thenComparing(Anomaly::currency)
            .thenComparing(anomaly -> anomaly.evidence().get(0).sequence());

    private AnomalyDetector() {
    }

    /** {@link #detect(List, Instant, Instant, AnomalyKind, AnomalyLimits)} with the default price-move floor. */
    public static List<Anomaly> detect(List<ProductHistory> histories, Instant from, Instant to, AnomalyKind kind) {
        return detect(histories, from, to, kind, AnomalyLimits.DEFAULTS);
    }

    /**
     * The anomalies of {@code kind} (every kind when null) of the period [{@code from}, {@code to}): those
     * whose event happened in it, and the conditions that began earlier and still held at {@code to}.
     */
    public static List<Anomaly> detect(List<ProductHistory> histories, Instant from, Instant to, AnomalyKind kind,
                                       AnomalyLimits limits) {
        List<AnomalyRule> rules = List.of(new PriceMoveRule(limits.priceMoveFloor()), new BelowCostRule(),
                new AboveAverageRule(), new ChannelDriftRule());
        List<Anomaly> found = new ArrayList<>();
        for (ProductHistory history : histories) {
            for (AnomalyRule rule : rules) {
                if (kind == null || rule.kind() == kind) {
                    found.addAll(rule.find(history, from, to));
                }
            }
        }
        found.sort(ORDER);
        return List.copyOf(found);
    }
}
