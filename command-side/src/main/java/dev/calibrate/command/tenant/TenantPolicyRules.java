package dev.calibrate.command.tenant;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.money.InvalidMoney;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantPolicy;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** What makes a pricing policy sensible; every violation is named by its JSON path. */
final class TenantPolicyRules {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private TenantPolicyRules() {
    }

    /** The policy a command asks for, with the parts its request left out kept as they are in {@code inForce}. */
    static TenantPolicy keepingWhatIsLeftOut(SetTenantPolicy cmd, TenantPolicy inForce) {
        TenantPolicy wanted = cmd.policy();
        if (cmd.keepPriorPriceRule()) {
            wanted = wanted.withPriorPriceRule(inForce.priorPriceRule());
        }
        if (cmd.keepApprovalThresholds()) {
            wanted = wanted.withApprovalThresholds(inForce.approvalThresholds());
        }
        return wanted;
    }

    /**
     * Percents compare by value: BigDecimal.equals would take 20.0 for a change from 20 (Money is already
     * scale-normal). Going through the constructor makes a new policy component a compile error here.
     */
    static boolean samePolicy(TenantPolicy a, TenantPolicy b) {
        return byValue(a).equals(byValue(b));
    }

    private static TenantPolicy byValue(TenantPolicy p) {
        return new TenantPolicy(stripped(p.maxDecreasePercent()), stripped(p.maxIncreasePercent()), p.floors(),
                p.ceilings(), stripped(p.minMarginPercent()), p.enforceMap(), p.selfApprovalAllowed(),
                p.priorPriceRule(), new ApprovalThresholds(stripped(p.approvalThresholds().maxDecreasePercent()),
                        p.approvalThresholds().maxRevenueImpact(), p.approvalThresholds().requires()));
    }

    private static BigDecimal stripped(BigDecimal percent) {
        return percent == null ? null : percent.stripTrailingZeros();
    }

    static void validate(TenantPolicy policy) {
        List<Violation> violations = new ArrayList<>();
        percent(violations, "maxDecreasePercent", policy.maxDecreasePercent(), true);
        percent(violations, "maxIncreasePercent", policy.maxIncreasePercent(), false);
        if (policy.minMarginPercent() != null && (policy.minMarginPercent().signum() < 0
                || policy.minMarginPercent().compareTo(HUNDRED) >= 0)) {
            violations.add(new Violation("minMarginPercent", "must be at least 0 and below 100"));
        }
        policy.floors().forEach((currency, floor) -> positive(violations, "floors." + currency, floor));
        policy.ceilings().forEach((currency, ceiling) -> {
            positive(violations, "ceilings." + currency, ceiling);
            policy.floor(currency).filter(floor -> floor.compareTo(ceiling) > 0).ifPresent(floor -> violations.add(
                    new Violation("ceilings." + currency, "must not be below the floor " + floor.amount().toPlainString())));
        });
        priorPriceRule(violations, policy.priorPriceRule());
        ApprovalThresholds thresholds = policy.approvalThresholds();
        percent(violations, "approvalThresholds.maxDecreasePercent", thresholds.maxDecreasePercent(), true);
        thresholds.maxRevenueImpact().forEach((currency, amount) ->
                positive(violations, "approvalThresholds.maxRevenueImpact." + currency, amount));
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
    }

    private static void priorPriceRule(List<Violation> violations, PriorPriceRule rule) {
        if (rule.windowDays() < 1 || rule.windowDays() > PriorPriceRule.MAX_WINDOW_DAYS) {
            violations.add(new Violation("priorPriceRule.windowDays",
                    "must be from 1 to " + PriorPriceRule.MAX_WINDOW_DAYS + " days"));
        }
        for (String currency : rule.currencies()) {
            try {
                Money.minorUnits(currency);
            } catch (InvalidMoney e) {
                violations.add(new Violation("priorPriceRule.currencies", currency + " is not an ISO 4217 currency code"));
            }
        }
    }

    private static void percent(List<Violation> violations, String field, BigDecimal value, boolean atMostHundred) {
        if (value == null) {
            return;
        }
        if (value.signum() < 0) {
            violations.add(new Violation(field, "must not be negative"));
        } else if (atMostHundred && value.compareTo(HUNDRED) > 0) {
            violations.add(new Violation(field, "must be at most 100"));
        }
    }

    private static void positive(List<Violation> violations, String field, Money amount) {
        if (amount.amount().signum() <= 0) {
            violations.add(new Violation(field, "must be more than 0"));
        }
    }
}
