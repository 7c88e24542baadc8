package dev.calibrate.command.pricing;

import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck.Result;
import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tenant policy's guardrails against one proposed price, each compared exactly (no rounding of
 * the limits in the price's favour). Only configured guardrails are listed; the brand floor (MAP, an
 * active PMAP or LRP, whichever is in force) only when the policy enforces it and the product has one in the
 * rule's currency; "floor above ceiling" only when the highest of the policy, margin and brand floors is
 * above the policy's ceiling (no price can pass both).
 */
public final class Guardrails {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Listed, failed, only when the effective floor (policy, margin or brand) is above the ceiling. */
    public static final String FLOOR_ABOVE_CEILING = "floor above ceiling";

    private Guardrails() {
    }

    /** {@code brandFloor} is the product's brand floor in force when the price is judged (null: none); checked only when the policy enforces MAP. */
    static List<GuardrailCheck> check(TenantPolicy policy, CatalogItem item, String currency,
                                      BigDecimal current, BigDecimal proposed, BrandFloor brandFloor) {
        List<GuardrailCheck> checks = new ArrayList<>();
        if (policy.maxDecreasePercent() != null) {
            BigDecimal lowest = current.multiply(BigDecimal.ONE.subtract(policy.maxDecreasePercent().divide(HUNDRED)));
            checks.add(check("maxDecreasePercent " + plain(policy.maxDecreasePercent()), proposed.compareTo(lowest) >= 0));
        }
        if (policy.maxIncreasePercent() != null) {
            BigDecimal highest = current.multiply(BigDecimal.ONE.add(policy.maxIncreasePercent().divide(HUNDRED)));
            checks.add(check("maxIncreasePercent " + plain(policy.maxIncreasePercent()), proposed.compareTo(highest) <= 0));
        }
        policy.floor(currency).ifPresent(floor ->
                checks.add(check("floor " + floor.amount().toPlainString(), proposed.compareTo(floor.amount()) >= 0)));
        policy.ceiling(currency).ifPresent(ceiling ->
                checks.add(check("ceiling " + ceiling.amount().toPlainString(), proposed.compareTo(ceiling.amount()) <= 0)));
        if (policy.minMarginPercent() != null) {
            Optional<Money> cost = item.cost(currency);
            String rule = "minMarginPercent " + plain(policy.minMarginPercent());
            if (cost.isEmpty()) {
                checks.add(new GuardrailCheck(rule + " (no cost in " + currency + ")", Result.NOT_CHECKED));
            } else {
                BigDecimal minimum = cost.get().amount().multiply(BigDecimal.ONE.add(policy.minMarginPercent().divide(HUNDRED)));
                checks.add(check(rule + " over cost " + cost.get().amount().toPlainString(), proposed.compareTo(minimum) >= 0));
            }
        }
        Optional<BrandFloor> brand = policy.enforceMap() ? Optional.ofNullable(brandFloor) : Optional.empty();
        brand.ifPresent(floor -> checks.add(check(floor.text(), proposed.compareTo(floor.amount()) >= 0)));
        Optional<Money> ceiling = policy.ceiling(currency);
        if (ceiling.isPresent()) {
            BigDecimal highestFloor = highestFloor(policy.floor(currency).map(Money::amount).orElse(null),
                    policy.minMarginPercent() == null ? null : item.cost(currency).map(cost ->
                            cost.amount().multiply(BigDecimal.ONE.add(policy.minMarginPercent().divide(HUNDRED)))).orElse(null),
                    brand.map(BrandFloor::amount).orElse(null));
            if (highestFloor != null && highestFloor.compareTo(ceiling.get().amount()) > 0) {
                checks.add(new GuardrailCheck(FLOOR_ABOVE_CEILING, Result.FAIL));
            }
        }
        return checks;
    }

    static List<String> broken(List<GuardrailCheck> checks) {
        return checks.stream().filter(c -> c.result() == Result.FAIL).map(GuardrailCheck::rule).toList();
    }

    /**
     * Where a {@code match_competitor} step stops following a competitor down: the effective floor, the highest
     * of the brand floor in force ({@code brand}, null unless the policy enforces it), the policy's floor in the
     * currency and the margin floor (cost × (1 + {@code minMarginPercent}/100), rounded up to minor units so a
     * price there has the margin), each only when set. {@code heldAt} names it: null for the brand floor, which
     * wins a tie, then the policy's. Null when no floor is set.
     */
    public static HeldFloor matchFloor(BrandFloor brand, BigDecimal policyFloor, BigDecimal cost,
                                       BigDecimal minMarginPercent, int scale) {
        HeldFloor held = brand == null ? null : new HeldFloor(brand.amount(), null);
        if (policyFloor != null && (held == null || policyFloor.compareTo(held.amount()) > 0)) {
            held = new HeldFloor(policyFloor, ExplainInputs.HeldAt.POLICY_FLOOR);
        }
        if (cost != null && minMarginPercent != null) {
            BigDecimal margin = cost.multiply(BigDecimal.ONE.add(minMarginPercent.divide(HUNDRED)))
                    .setScale(scale, RoundingMode.CEILING);
            if (margin.signum() > 0 && (held == null || margin.compareTo(held.amount()) > 0)) {
                held = new HeldFloor(margin, ExplainInputs.HeldAt.MARGIN_FLOOR);
            }
        }
        return held;
    }

    /** The floor a match held at and which one it is ({@code heldAt} null: the brand floor). */
    public record HeldFloor(BigDecimal amount, ExplainInputs.HeldAt heldAt) {
    }

    /** The highest of the floors that are set (null ones are not), or null when none is. */
    public static BigDecimal highestFloor(BigDecimal... floors) {
        BigDecimal highest = null;
        for (BigDecimal floor : floors) {
            if (floor != null && (highest == null || floor.compareTo(highest) > 0)) highest = floor;
        }
        return highest;
    }

    private static GuardrailCheck check(String rule, boolean holds) {
        return new GuardrailCheck(rule, holds ? Result.PASS : Result.FAIL);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
