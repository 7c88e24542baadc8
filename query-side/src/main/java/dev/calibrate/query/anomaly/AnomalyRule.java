package dev.calibrate.query.anomaly;

import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.query.anomaly.AnomalyApi.Evidence;
import dev.calibrate.query.anomaly.ProductHistory.EventRef;
import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.money.Money;

import java.time.Instant;
import java.util.List;

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
        return PriceMoves.money(money);
    }

    /** A percentage or a multiple for a sentence: whole above 10, one decimal below ("84", "9.3"). */
    static String number(double value) {
        return PriceMoves.number(value);
    }

    /** How far {@code to} is from {@code from} in percent of {@code from} (from is not 0). */
    static double percentChange(Money from, Money to) {
        return PriceMoves.percentChange(from, to);
    }
}
