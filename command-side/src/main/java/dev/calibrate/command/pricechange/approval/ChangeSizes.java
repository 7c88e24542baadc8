package dev.calibrate.command.pricechange.approval;

import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * How big a preview's change is, the measure of the policy's approval thresholds. Only CHANGE items
 * count: a BLOCKED or unchanged item sets no price. There is no sales volume to weigh a difference
 * with, so the revenue impact is the sum of the absolute price differences, one unit per product.
 */
public final class ChangeSizes {

    private ChangeSizes() {
    }

    /** A CHANGE item's move: its price difference and that difference in percent of the current price. */
    public record Move(BigDecimal delta, BigDecimal deltaPercent) {
    }

    public static ChangeSize of(List<PreviewItem> items, String currency) {
        return ofMoves(items.stream().filter(item -> item.status() == Status.CHANGE && item.delta() != null)
                .map(item -> new Move(item.delta(), item.deltaPercent())).toList(), currency);
    }

    /** The size of CHANGE items' {@code moves}, as a preview's items stand (also once edited). */
    public static ChangeSize ofMoves(List<Move> moves, String currency) {
        BigDecimal largestDecrease = null;
        BigDecimal impact = BigDecimal.ZERO;
        boolean changes = false;
        for (Move item : moves) {
            changes = true;
            impact = impact.add(item.delta().abs());
            if (item.delta().signum() < 0 && item.deltaPercent() != null) {
                BigDecimal decrease = item.deltaPercent().negate();
                if (largestDecrease == null || decrease.compareTo(largestDecrease) > 0) {
                    largestDecrease = decrease;
                }
            }
        }
        Money revenueImpact = changes
                ? new Money(impact.setScale(Money.minorUnits(currency), RoundingMode.HALF_EVEN), currency) : null;
        return new ChangeSize(largestDecrease, revenueImpact);
    }
}
