package dev.calibrate.query.tenant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the policy read answers. */
public final class TenantPolicyReadApi {

    private TenantPolicyReadApi() {
    }

    /**
     * The guardrails in force, in the shape PUT /api/v1/policy takes, and who set them last; a guardrail
     * that is absent is not configured. A tenant that never set a policy has none (and no updatedAt). Beside them,
     * the time zone the tenant's days are counted in (set by the platform admin, not by PUT /api/v1/policy).
     */
    public record EffectiveTenantPolicy(
            @Nullable @Schema(example = "20") String maxDecreasePercent,
            @Nullable @Schema(example = "15") String maxIncreasePercent,
            @Schema(description = "Lowest allowed price by currency, e.g. {\"USD\": \"4.99\"}.")
            Map<String, String> floors,
            @Schema(description = "Highest allowed price by currency.") Map<String, String> ceilings,
            @Nullable @Schema(example = "10") String minMarginPercent,
            boolean enforceMap, boolean selfApprovalAllowed,
            @Schema(description = "The EU prior-price rule; off in a policy set before it existed")
            EffectivePriorPriceRule priorPriceRule,
            @Schema(description = "When a price change needs an admin approver or two approvers; none in a policy "
                    + "set before they existed") EffectiveApprovalThresholds approvalThresholds,
            @Schema(description = "The tenant's IANA time zone (UTC unless the platform admin set one): schedules, "
                    + "simulated days and the prior-price window are counted in it", example = "Europe/Berlin")
            String timeZone,
            @Nullable Instant updatedAt, @Nullable String updatedBy) {
    }

    /**
     * The approval thresholds in force: a change whose largest decrease passes {@code maxDecreasePercent}, or
     * whose revenue impact (sum of absolute price differences) passes {@code maxRevenueImpact} in its
     * currency, {@code requires} an admin approver or two approvers. An absent threshold is not set.
     */
    public record EffectiveApprovalThresholds(@Nullable @Schema(example = "20") String maxDecreasePercent,
                                              Map<String, String> maxRevenueImpact,
                                              @Schema(allowableValues = {"admin_or_two_approvers", "admin", "two_approvers"}) String requires) {
    }

    /** The prior-price rule in force: {@code windowDays} in the tenant's calendar days, no currencies meaning all. */
    public record EffectivePriorPriceRule(boolean enabled, @Schema(example = "30") int windowDays,
                                          List<String> currencies, boolean progressive) {
    }
}
