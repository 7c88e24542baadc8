package dev.calibrate.kernel.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a price change is big enough to need more than one ordinary approver: its largest decrease
 * passes {@code maxDecreasePercent}, or its revenue impact (the sum of the absolute price differences
 * of its CHANGE items, in the rule's currency: there is no sales volume to weigh them with) passes
 * {@code maxRevenueImpact} for that currency. Such a change then {@code requires}, by default, an approver
 * with the admin role or two distinct approvers, whichever comes first; a policy may ask for only one of
 * those routes. Never its author. A null percent, or a currency missing from
 * {@code maxRevenueImpact}, is a threshold not set.
 */
public record ApprovalThresholds(BigDecimal maxDecreasePercent, Map<String, Money> maxRevenueImpact,
                                 RequiredApproval requires) {

    /** What a policy without thresholds (every policy recorded before they existed) reads as. */
    public static final ApprovalThresholds NONE = new ApprovalThresholds(null, Map.of(), RequiredApproval.ADMIN_OR_TWO_APPROVERS);

    public ApprovalThresholds {
        maxDecreasePercent = maxDecreasePercent == null ? null
                : maxDecreasePercent.setScale(Math.max(2, maxDecreasePercent.scale()), RoundingMode.UNNECESSARY);
        maxRevenueImpact = maxRevenueImpact == null ? Map.of() : Map.copyOf(maxRevenueImpact);
        requires = requires == null ? RequiredApproval.ADMIN_OR_TWO_APPROVERS : requires;
        maxRevenueImpact.forEach((currency, amount) -> {
            if (!amount.currency().equals(currency)) {
                throw new IllegalArgumentException("maxRevenueImpact for " + currency + " is in " + amount.currency());
            }
        });
    }

    /** Whether any threshold is set at all. */
    public boolean any() {
        return maxDecreasePercent != null || !maxRevenueImpact.isEmpty();
    }

    /**
     * What a change of this size needs beyond one approver, if anything: empty when it passes no threshold.
     * A threshold is passed when the change goes beyond it; a change exactly at it does not.
     */
    public Optional<ApprovalNeed> assess(ChangeSize size) {
        List<ThresholdPassed> passed = new ArrayList<>(2);
        if (maxDecreasePercent != null && size.largestDecreasePercent() != null
                && size.largestDecreasePercent().compareTo(maxDecreasePercent) > 0) {
            passed.add(new ThresholdPassed("maxDecreasePercent", maxDecreasePercent.stripTrailingZeros().toPlainString(),
                    size.largestDecreasePercent().toPlainString()));
        }
        Money limit = size.revenueImpact() == null ? null : maxRevenueImpact.get(size.revenueImpact().currency());
        if (limit != null && size.revenueImpact().compareTo(limit) > 0) {
            passed.add(new ThresholdPassed("maxRevenueImpact." + limit.currency(), limit.amount().toPlainString(),
                    size.revenueImpact().amount().toPlainString()));
        }
        return passed.isEmpty() ? Optional.empty() : Optional.of(new ApprovalNeed(requires, passed));
    }

    /**
     * How big a preview's price change is, over its CHANGE items only: the largest decrease as a positive
     * percent of the current price (null when nothing goes down) and the sum of the absolute price
     * differences (null when nothing changes).
     */
    public record ChangeSize(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal largestDecreasePercent,
                             Money revenueImpact) {
    }

    /** The approval a change needs, and the thresholds it passed, each with its limit and the change's value. */
    public record ApprovalNeed(RequiredApproval requires, List<ThresholdPassed> passed) {
        public ApprovalNeed {
            passed = List.copyOf(passed);
        }
    }

    /** {@code threshold} names the policy field ({@code maxDecreasePercent}, {@code maxRevenueImpact.EUR}). */
    public record ThresholdPassed(String threshold, String limit, String actual) {
    }

    /** Who must approve a change over a threshold. */
    public enum RequiredApproval {
        /** The default, as issue 20 words it: one approver with the admin role, or two distinct approvers. */
        ADMIN_OR_TWO_APPROVERS("admin_or_two_approvers"),
        /** Stricter: one approver with the admin role (not the author). */
        ADMIN("admin"),
        /** Stricter: two distinct approvers, neither the author, whatever their roles (an admin counts as one). */
        TWO_APPROVERS("two_approvers");

        private final String wireName;

        RequiredApproval(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        @JsonCreator
        public static RequiredApproval fromWireName(String name) {
            for (RequiredApproval value : values()) {
                if (value.wireName.equals(name)) {
                    return value;
                }
            }
            throw new InvalidInput("approvalThresholds.requires", "must be admin_or_two_approvers, admin or two_approvers");
        }

        @Override
        public String toString() {
            return wireName;
        }
    }
}
