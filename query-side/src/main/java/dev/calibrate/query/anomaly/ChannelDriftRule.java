package dev.calibrate.query.anomaly;

import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.kernel.anomaly.ProposedAnomaly.Severity;
import dev.calibrate.query.anomaly.ProductHistory.DriftClosed;
import dev.calibrate.query.anomaly.ProductHistory.DriftOpened;
import dev.calibrate.query.anomaly.ProductHistory.Fact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A channel that shows another price than the one Calibrate set, and still did at {@code to}: a drift
 * neither accepted nor repaired by the period's end, whether detected in the period or before it (its
 * {@code at} is when it was detected). A later drift at the same channel replaces the earlier one. High when the channel's price is half or less, or twice or more,
 * of Calibrate's; medium otherwise.
 */
final class ChannelDriftRule implements AnomalyRule {

    static final double HIGH_GAP_PERCENT = 50;

    @Override
    public AnomalyKind kind() {
        return AnomalyKind.CHANNEL_DRIFT;
    }

    @Override
    public List<Anomaly> find(ProductHistory history, Instant from, Instant to) {
        Map<String, DriftOpened> open = new TreeMap<>();
        for (Fact fact : history.facts()) {
            if (!fact.at().isBefore(to)) {
                break;
            }
            if (fact instanceof DriftOpened opened) {
                open.put(opened.channel(), opened);
            } else if (fact instanceof DriftClosed closed) {
                open.remove(closed.channel());
            }
        }
        List<Anomaly> found = new ArrayList<>();
        for (DriftOpened drift : open.values()) {
            found.add(anomaly(history, drift));
        }
        return found;
    }

    private Anomaly anomaly(ProductHistory history, DriftOpened drift) {
        boolean comparable = drift.expected().currency().equals(drift.actual().currency())
                && drift.expected().amount().signum() > 0;
        double percent = comparable ? AnomalyRule.percentChange(drift.expected(), drift.actual()) : 0;
        boolean high = comparable && (percent <= -HIGH_GAP_PERCENT || percent >= 100);
        String gap = comparable ? ": " + AnomalyRule.number(Math.abs(percent)) + " % " + (percent < 0 ? "lower" : "higher") : "";
        String reason = drift.channel() + " shows " + AnomalyRule.money(drift.actual()) + " where Calibrate set "
                + AnomalyRule.money(drift.expected()) + gap + ", open since " + drift.at();
        return new Anomaly(kind(), high ? Severity.HIGH : Severity.MEDIUM, history.productId().value(),
                drift.actual().currency(), drift.at(), drift.actual().amount().toPlainString(), reason, null,
                List.of(AnomalyRule.evidence("calibrate-price", drift.ref(), drift.expected()),
                        AnomalyRule.evidence("channel-price", drift.ref(), drift.actual())));
    }
}
