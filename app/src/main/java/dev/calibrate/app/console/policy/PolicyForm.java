package dev.calibrate.app.console.policy;

import dev.calibrate.command.tenant.PolicyApi;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.query.tenant.TenantPolicyReadApi.EffectivePriorPriceRule;
import dev.calibrate.query.tenant.TenantPolicyReadApi.EffectiveTenantPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The guardrails editor as the browser sends it: percents as typed, floors and ceilings one
 * {@code CURRENCY amount} per line. Turned into the policy API's body, so it is held to the same schema.
 */
public record PolicyForm(String maxDecreasePercent, String maxIncreasePercent, String minMarginPercent,
                  String floors, String ceilings, Boolean enforceMap, Boolean selfApprovalAllowed) {

    static PolicyForm of(EffectiveTenantPolicy policy) {
        return new PolicyForm(policy.maxDecreasePercent(), policy.maxIncreasePercent(), policy.minMarginPercent(),
                lines(policy.floors()), lines(policy.ceilings()), policy.enforceMap(), policy.selfApprovalAllowed());
    }

    /**
     * {@code priorPriceRule}: the rule in force, which this form does not edit and so keeps. The approval
     * thresholds it does not edit either: it leaves them out, which keeps the ones in force.
     */
    PolicyApi.TenantPolicy toRequest(EffectivePriorPriceRule priorPriceRule) {
        List<InvalidInput.Violation> violations = new ArrayList<>();
        Map<String, String> floorAmounts = amounts("floors", floors, violations);
        Map<String, String> ceilingAmounts = amounts("ceilings", ceilings, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        return new PolicyApi.TenantPolicy(blankToNull(maxDecreasePercent), blankToNull(maxIncreasePercent),
                blankToNull(minMarginPercent), floorAmounts, ceilingAmounts, Boolean.TRUE.equals(enforceMap),
                Boolean.TRUE.equals(selfApprovalAllowed), new PolicyApi.PriorPriceRule(priorPriceRule.enabled(),
                        priorPriceRule.windowDays(), priorPriceRule.currencies(), priorPriceRule.progressive()),
                null);
    }

    private static Map<String, String> amounts(String field, String text, List<InvalidInput.Violation> violations) {
        Map<String, String> amounts = new LinkedHashMap<>();
        if (text == null) {
            return amounts;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("[\\s=:]+");
            if (parts.length != 2) {
                violations.add(new InvalidInput.Violation(field,
                        "line " + (i + 1) + " must be a currency and an amount, such as USD 4.99"));
                continue;
            }
            String currency = parts[0].toUpperCase(Locale.ROOT);
            if (amounts.put(currency, parts[1]) != null) {
                violations.add(new InvalidInput.Violation(field, "line " + (i + 1) + " names " + currency + " again"));
            }
        }
        return amounts;
    }

    private static String lines(Map<String, String> amounts) {
        return amounts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
