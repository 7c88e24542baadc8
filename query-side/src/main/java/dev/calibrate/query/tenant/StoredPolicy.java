package dev.calibrate.query.tenant;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.springframework.lang.Nullable;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's policy as {@code tenant_policy_view.policy} stores it: the shape PUT /api/v1/policy takes, with
 * percents and amounts as decimal strings so the JSON column never turns them into floating point. A row stored
 * before the prior-price rule or the approval thresholds existed has neither (null here); a field added to the
 * policy is a component here, so the compiler names every place that must say what an older row reads as.
 */
record StoredPolicy(@Nullable String maxDecreasePercent, @Nullable String maxIncreasePercent,
                    Map<String, String> floors, Map<String, String> ceilings, @Nullable String minMarginPercent,
                    boolean enforceMap, boolean selfApprovalAllowed,
                    @Nullable StoredPriorPriceRule priorPriceRule, @Nullable StoredApprovalThresholds approvalThresholds) {

    StoredPolicy {
        floors = floors == null ? Map.of() : floors;
        ceilings = ceilings == null ? Map.of() : ceilings;
    }

    /** Absent {@code windowDays} and {@code progressive} read as the rule's defaults. */
    record StoredPriorPriceRule(boolean enabled, @Nullable Integer windowDays, @Nullable List<String> currencies,
                                @Nullable Boolean progressive) {
    }

    /** An absent {@code requires} reads as the default. */
    record StoredApprovalThresholds(@Nullable String maxDecreasePercent, @Nullable Map<String, String> maxRevenueImpact,
                                    @Nullable String requires) {
    }

    static StoredPolicy of(TenantPolicy policy) {
        PriorPriceRule rule = policy.priorPriceRule();
        ApprovalThresholds thresholds = policy.approvalThresholds();
        return new StoredPolicy(decimal(policy.maxDecreasePercent()), decimal(policy.maxIncreasePercent()),
                byCurrency(policy.floors()), byCurrency(policy.ceilings()), decimal(policy.minMarginPercent()),
                policy.enforceMap(), policy.selfApprovalAllowed(),
                new StoredPriorPriceRule(rule.enabled(), rule.windowDays(), List.copyOf(rule.currencies()),
                        rule.progressive()),
                new StoredApprovalThresholds(decimal(thresholds.maxDecreasePercent()),
                        byCurrency(thresholds.maxRevenueImpact()), thresholds.requires().wireName()));
    }

    /** Amounts by currency as PUT /api/v1/policy takes them: {@code {"USD": "9.99"}}. */
    private static Map<String, String> byCurrency(Map<String, Money> amounts) {
        Map<String, String> json = new TreeMap<>();
        amounts.forEach((currency, money) -> json.put(currency, money.amount().toPlainString()));
        return json;
    }

    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
