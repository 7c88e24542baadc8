package dev.calibrate.query.tenant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.Map;

/** What the policy read answers. */
public final class TenantPolicyReadApi {

    private TenantPolicyReadApi() {
    }

    /**
     * The guardrails in force, in the shape PUT /api/v1/policy takes, and who set them last; a guardrail
     * that is absent is not configured. A tenant that never set a policy has none (and no updatedAt).
     */
    public record EffectiveTenantPolicy(
            @Nullable @Schema(example = "20") String maxDecreasePercent,
            @Nullable @Schema(example = "15") String maxIncreasePercent,
            @Schema(description = "Lowest allowed price by currency, e.g. {\"USD\": \"4.99\"}.")
            Map<String, String> floors,
            @Schema(description = "Highest allowed price by currency.") Map<String, String> ceilings,
            @Nullable @Schema(example = "10") String minMarginPercent,
            boolean enforceMap, boolean selfApprovalAllowed,
            @Nullable Instant updatedAt, @Nullable String updatedBy) {
    }
}
