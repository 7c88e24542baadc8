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

    public static ChangeSize of(List<PreviewItem> items, String currency) {
        BigDecimal largestDecrease = null;
        BigDecimal impact = BigDecimal.ZERO;
        boolean changes = false;
        for (PreviewItem item : items) {
            if (item.status() != Status.CHANGE || item.delta() == null) {
                continue;
            }
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
