package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.Guardrails;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.pricechange.ExplainFrame.GuardrailFrame;
import dev.calibrate.kernel.pricechange.ExplainFrame.GuardrailKind;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's guardrails worked out once per preview: the factors and bounds computed, the
 * texts written to the frame, and per item one character per guardrail. Compared exactly as
 * the interpreted {@code Guardrails.check} compares.
 */
final class CompiledGuardrails {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final BigDecimal lowestFactor;
    private final BigDecimal highestFactor;
    private final BigDecimal floor;
    private final BigDecimal ceiling;
    private final BigDecimal marginFactor;
    private final boolean enforceMap;
    private final List<GuardrailFrame> frames = new ArrayList<>();

    CompiledGuardrails(TenantPolicy policy, String currency) {
        lowestFactor = policy.maxDecreasePercent() == null ? null
                : BigDecimal.ONE.subtract(policy.maxDecreasePercent().divide(HUNDRED));
        if (lowestFactor != null) {
            frames.add(new GuardrailFrame(GuardrailKind.FIXED, "maxDecreasePercent " + plain(policy.maxDecreasePercent())));
        }
        highestFactor = policy.maxIncreasePercent() == null ? null
                : BigDecimal.ONE.add(policy.maxIncreasePercent().divide(HUNDRED));
        if (highestFactor != null) {
            frames.add(new GuardrailFrame(GuardrailKind.FIXED, "maxIncreasePercent " + plain(policy.maxIncreasePercent())));
        }
        floor = policy.floor(currency).map(Money::amount).orElse(null);
        if (floor != null) {
            frames.add(new GuardrailFrame(GuardrailKind.FIXED, "floor " + floor.toPlainString()));
        }
        ceiling = policy.ceiling(currency).map(Money::amount).orElse(null);
        if (ceiling != null) {
            frames.add(new GuardrailFrame(GuardrailKind.FIXED, "ceiling " + ceiling.toPlainString()));
        }
        marginFactor = policy.minMarginPercent() == null ? null
                : BigDecimal.ONE.add(policy.minMarginPercent().divide(HUNDRED));
        if (marginFactor != null) {
            frames.add(new GuardrailFrame(GuardrailKind.MIN_MARGIN, "minMarginPercent " + plain(policy.minMarginPercent())));
        }
        enforceMap = policy.enforceMap();
        if (enforceMap) {
            frames.add(new GuardrailFrame(GuardrailKind.MAP, null));
        }
        if (ceiling != null) {
            frames.add(new GuardrailFrame(GuardrailKind.FIXED, Guardrails.FLOOR_ABOVE_CEILING));
        }
    }

    List<GuardrailFrame> frames() {
        return List.copyOf(frames);
    }

    boolean enforcesMap() {
        return enforceMap;
    }

    /**
     * One result per guardrail of the frame, in its order; {@code brand} null when the item has none in
     * force; "floor above ceiling" absent unless the highest floor is above the ceiling.
     */
    String check(BigDecimal current, BigDecimal proposed, BigDecimal cost, BrandFloor brand) {
        BigDecimal map = brand == null ? null : brand.amount();
        StringBuilder results = new StringBuilder(frames.size());
        if (lowestFactor != null) results.append(result(proposed.compareTo(current.multiply(lowestFactor)) >= 0));
        if (highestFactor != null) results.append(result(proposed.compareTo(current.multiply(highestFactor)) <= 0));
        if (floor != null) results.append(result(proposed.compareTo(floor) >= 0));
        if (ceiling != null) results.append(result(proposed.compareTo(ceiling) <= 0));
        if (marginFactor != null) {
            results.append(cost == null ? ExplainInputs.NOT_CHECKED : result(proposed.compareTo(cost.multiply(marginFactor)) >= 0));
        }
        if (enforceMap) results.append(map == null ? ExplainInputs.ABSENT : result(proposed.compareTo(map) >= 0));
        if (ceiling != null) {
            BigDecimal highest = Guardrails.highestFloor(floor,
                    marginFactor == null || cost == null ? null : cost.multiply(marginFactor), map);
            results.append(highest != null && highest.compareTo(ceiling) > 0 ? ExplainInputs.FAIL : ExplainInputs.ABSENT);
        }
        return results.toString();
    }

    /** "breaks guardrail …" for each guardrail that failed, as the engine gives its reasons. */
    List<String> broken(String checks, BigDecimal cost, BrandFloor brand) {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < checks.length(); i++) {
            if (checks.charAt(i) != ExplainInputs.FAIL) continue;
            GuardrailFrame frame = frames.get(i);
            String rule = switch (frame.kind()) {
                case FIXED -> frame.text();
                case MIN_MARGIN -> frame.text() + " over cost " + cost.toPlainString();
                case MAP -> brand.text();
            };
            reasons.add("breaks guardrail " + rule);
        }
        return reasons;
    }

    private static char result(boolean holds) {
        return holds ? ExplainInputs.PASS : ExplainInputs.FAIL;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
