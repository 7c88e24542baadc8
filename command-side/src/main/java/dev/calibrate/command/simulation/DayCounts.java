package dev.calibrate.command.simulation;

import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.compiled.PreviewItem;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one simulated day comes to: the active products priced that day (with a price in the rule's
 * currency then), how many the rule selected and how many it would have changed or blocked, the average
 * change of those it changed, and the price positions before and after the rule.
 *
 * @param averageChangePercent the mean of the changed items' change percentages, or null when none changed
 */
record DayCounts(int products, int selected, int changes, int blocked, BigDecimal averageChangePercent,
                 Map<Position, Integer> before, Map<Position, Integer> after) {

    DayCounts {
        before = Map.copyOf(before);
        after = Map.copyOf(after);
    }

    static final class Builder {
        private int products;
        private int selected;
        private int changes;
        private int blocked;
        private BigDecimal changeSum = BigDecimal.ZERO;
        private final Map<Position, Integer> before = zero();
        private final Map<Position, Integer> after = zero();

        /** One active product: where it stood before and after, and its item when the rule selected it. */
        void product(Position was, Position becomes, PreviewItem item) {
            products++;
            before.merge(was, 1, Integer::sum);
            after.merge(becomes, 1, Integer::sum);
            if (item == null) return;
            selected++;
            if (item.status() == Status.CHANGE) {
                changes++;
                changeSum = changeSum.add(item.deltaPercent());
            } else if (item.status() == Status.BLOCKED) {
                blocked++;
            }
        }

        DayCounts build() {
            BigDecimal average = changes == 0 ? null
                    : changeSum.divide(BigDecimal.valueOf(changes), 2, RoundingMode.HALF_EVEN);
            return new DayCounts(products, selected, changes, blocked, average, before, after);
        }

        private static Map<Position, Integer> zero() {
            Map<Position, Integer> counts = new EnumMap<>(Position.class);
            for (Position position : Position.values()) counts.put(position, 0);
            return counts;
        }
    }
}
