package dev.calibrate.command.tenant;

import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.util.List;
import java.util.Map;

/** The body the policy endpoint takes and answers; the request is validated against its JSON Schema first. */
public final class PolicyApi {

    private PolicyApi() {
    }

    /**
     * The tenant's guardrails; an omitted or null one is off. Percents and amounts are decimal strings.
     * An omitted or null {@code priorPriceRule} keeps the rule in force.
     */
    @RequestSchema("TenantPolicy")
    public record TenantPolicy(@Nullable String maxDecreasePercent, @Nullable String maxIncreasePercent,
                               @Nullable String minMarginPercent, @Nullable Map<String, String> floors,
                               @Nullable Map<String, String> ceilings, @Nullable Boolean enforceMap,
                               @Nullable Boolean selfApprovalAllowed,
                               @Nullable @Schema(description = "omitted or null: the rule in force stays")
                               PriorPriceRule priorPriceRule,
                               @Nullable @Schema(description = "omitted or null: the thresholds in force stay")
                               ApprovalThresholds approvalThresholds) {

        /** A policy without approval thresholds, which keeps the ones in force. */
        public TenantPolicy(String maxDecreasePercent, String maxIncreasePercent, String minMarginPercent,
                            Map<String, String> floors, Map<String, String> ceilings, Boolean enforceMap,
                            Boolean selfApprovalAllowed, PriorPriceRule priorPriceRule) {
            this(maxDecreasePercent, maxIncreasePercent, minMarginPercent, floors, ceilings, enforceMap,
                    selfApprovalAllowed, priorPriceRule, null);
        }
    }

    /**
     * When a price change needs more than one ordinary approver (docs/price-changes.md#approval-thresholds):
     * its largest decrease passes {@code maxDecreasePercent}, or its revenue impact (the sum of the absolute
     * price differences of its CHANGE items) passes {@code maxRevenueImpact} in the rule's currency. An
     * omitted threshold is not set; {@code {}} sets none.
     */
    public record ApprovalThresholds(
            @Nullable @Schema(description = "a decrease larger than this percent of the current price", example = "20")
            String maxDecreasePercent,
            @Nullable @Schema(description = "per currency, the sum of absolute price differences it may reach")
            Map<String, String> maxRevenueImpact,
            @Nullable @Schema(description = "admin_or_two_approvers (the default): one approver with the admin role "
                    + "or two distinct approvers, whichever comes first; admin: only an admin's approval; "
                    + "two_approvers: two distinct approvers, an admin counting as one. Never an author.",
                    allowableValues = {"admin_or_two_approvers", "admin", "two_approvers"},
                    defaultValue = "admin_or_two_approvers") String requires) {
    }

    /** The approval thresholds in force, every field given. */
    public record ApprovalThresholdsInForce(
            @Nullable @Schema(example = "20") String maxDecreasePercent,
            Map<String, String> maxRevenueImpact,
            @Schema(allowableValues = {"admin_or_two_approvers", "admin", "two_approvers"}) String requires) {
    }

    /**
     * The EU prior-price rule (docs/prior-price.md): with it on, an announced reduction shows the
     * lowest price of the window before it. Omitted fields take their defaults.
     */
    public record PriorPriceRule(
            @Nullable @Schema(description = "off unless true") Boolean enabled,
            @Nullable @Schema(description = "the window's length in the tenant's calendar days, 1 to 365",
                    example = "30", defaultValue = "30") Integer windowDays,
            @Nullable @Schema(description = "ISO 4217 codes the rule holds for; empty or omitted: all")
            List<String> currencies,
            @Nullable @Schema(description = "a cut while an earlier announced reduction is live keeps that "
                    + "campaign's prior price", defaultValue = "true") Boolean progressive) {
    }

    /** The prior-price rule in force, every field given. */
    public record PriorPriceRuleInForce(boolean enabled, @Schema(example = "30") int windowDays,
                                        List<String> currencies, boolean progressive) {

        public static PriorPriceRuleInForce of(dev.calibrate.kernel.tenant.PriorPriceRule rule) {
            return new PriorPriceRuleInForce(rule.enabled(), rule.windowDays(), List.copyOf(rule.currencies()),
                    rule.progressive());
        }
    }

    /** The policy as it is now in force, in the request's shape (and GET /api/v1/policy's). */
    public record TenantPolicyInForce(
            @Nullable @Schema(example = "20") String maxDecreasePercent,
            @Nullable @Schema(example = "15") String maxIncreasePercent,
            @Nullable @Schema(example = "10") String minMarginPercent,
            @Schema(description = "Per currency, the lowest price a rule may set") Map<String, String> floors,
            @Schema(description = "Per currency, the highest price a rule may set") Map<String, String> ceilings,
            boolean enforceMap, boolean selfApprovalAllowed, PriorPriceRuleInForce priorPriceRule,
            ApprovalThresholdsInForce approvalThresholds) {
    }
}
