package dev.calibrate.kernel.tenant;

import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's guardrails, checked after every transform. A null percent, or a currency missing
 * from {@code floors}/{@code ceilings}, means that guardrail is not configured. A null
 * {@code priorPriceRule} (a policy recorded before the rule existed) reads as {@link PriorPriceRule#DISABLED},
 * null {@code approvalThresholds} likewise as {@link ApprovalThresholds#NONE}.
 */
public record TenantPolicy(BigDecimal maxDecreasePercent, BigDecimal maxIncreasePercent,
                           Map<String, Money> floors, Map<String, Money> ceilings,
                           BigDecimal minMarginPercent, boolean enforceMap, boolean selfApprovalAllowed,
                           PriorPriceRule priorPriceRule, ApprovalThresholds approvalThresholds) {

    /** Guardrails and the prior-price rule, without approval thresholds. */
    public TenantPolicy(BigDecimal maxDecreasePercent, BigDecimal maxIncreasePercent, Map<String, Money> floors,
                        Map<String, Money> ceilings, BigDecimal minMarginPercent, boolean enforceMap,
                        boolean selfApprovalAllowed, PriorPriceRule priorPriceRule) {
        this(maxDecreasePercent, maxIncreasePercent, floors, ceilings, minMarginPercent, enforceMap,
                selfApprovalAllowed, priorPriceRule, ApprovalThresholds.NONE);
    }

    /** Guardrails without the prior-price rule. */
    public TenantPolicy(BigDecimal maxDecreasePercent, BigDecimal maxIncreasePercent, Map<String, Money> floors,
                        Map<String, Money> ceilings, BigDecimal minMarginPercent, boolean enforceMap,
                        boolean selfApprovalAllowed) {
        this(maxDecreasePercent, maxIncreasePercent, floors, ceilings, minMarginPercent, enforceMap,
                selfApprovalAllowed, PriorPriceRule.DISABLED);
    }

    public TenantPolicy {
        priorPriceRule = priorPriceRule == null ? PriorPriceRule.DISABLED : priorPriceRule;
        approvalThresholds = approvalThresholds == null ? ApprovalThresholds.NONE : approvalThresholds;
        maxDecreasePercent = percent(maxDecreasePercent);
        maxIncreasePercent = percent(maxIncreasePercent);
        minMarginPercent = percent(minMarginPercent);
        floors = floors == null ? Map.of() : Map.copyOf(floors);
        ceilings = ceilings == null ? Map.of() : Map.copyOf(ceilings);
        floors.forEach((currency, floor) -> requireCurrency(currency, floor, "floor"));
        ceilings.forEach((currency, ceiling) -> requireCurrency(currency, ceiling, "ceiling"));
    }

    /** This policy with {@code rule} as its prior-price rule. */
    public TenantPolicy withPriorPriceRule(PriorPriceRule rule) {
        return new TenantPolicy(maxDecreasePercent, maxIncreasePercent, floors, ceilings, minMarginPercent, enforceMap,
                selfApprovalAllowed, rule, approvalThresholds);
    }

    /** This policy with {@code thresholds} as its approval thresholds. */
    public TenantPolicy withApprovalThresholds(ApprovalThresholds thresholds) {
        return new TenantPolicy(maxDecreasePercent, maxIncreasePercent, floors, ceilings, minMarginPercent, enforceMap,
                selfApprovalAllowed, priorPriceRule, thresholds);
    }

    /** No guardrails at all; for tests and tenants that have not set a policy yet. */
    public static TenantPolicy unrestricted() {
        return new TenantPolicy(null, null, Map.of(), Map.of(), null, false, false, PriorPriceRule.DISABLED,
                ApprovalThresholds.NONE);
    }

    public Optional<Money> floor(String currency) {
        return Optional.ofNullable(floors.get(currency));
    }

    public Optional<Money> ceiling(String currency) {
        return Optional.ofNullable(ceilings.get(currency));
    }

    /** Two decimals at least, so "30" and "30.0" make equal policies. */
    private static BigDecimal percent(BigDecimal value) {
        return value == null ? null : value.setScale(Math.max(2, value.scale()), RoundingMode.UNNECESSARY);
    }

    private static void requireCurrency(String currency, Money amount, String what) {
        if (!amount.currency().equals(currency)) {
            throw new IllegalArgumentException(what + " for " + currency + " is in " + amount.currency());
        }
    }
}
