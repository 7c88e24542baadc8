package dev.calibrate.query.anomaly;

import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.query.anomaly.AnomalyApi.Evidence;
import dev.calibrate.query.anomaly.ProductHistory.EventRef;
import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One kind of anomaly, found in a product's history: the anomalies whose event happened in
 * [{@code from}, {@code to}). The history may start long before {@code from} (a rule looks back at
 * the product's usual moves, its average or its cost) and ends at {@code to}.
 */
interface AnomalyRule {

    AnomalyKind kind();

    List<Anomaly> find(ProductHistory history, Instant from, Instant to);

    static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    static Evidence evidence(String role, EventRef ref, Money amount) {
        return new Evidence(role, ref.eventId(), ref.position(), ref.sequence(), ref.type(), ref.at(),
                amount == null ? null : amount.amount().toPlainString(), amount == null ? null : amount.currency());
    }

    static String money(Money money) {
        return money.amount().toPlainString() + " " + money.currency();
    }

    /** A percentage or a multiple for a sentence: whole above 10, one decimal below ("84", "9.3"). */
    static String number(double value) {
        double abs = Math.abs(value);
        return abs >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** How far {@code to} is from {@code from} in percent of {@code from} (from is not 0). */
    static double percentChange(Money from, Money to) {
        return to.amount().subtract(from.amount()).multiply(BigDecimal.valueOf(100))
                .divide(from.amount(), 6, RoundingMode.HALF_EVEN).doubleValue();
    }
}
