package dev.calibrate.command.tenant;

import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.util.Map;

/** The body the policy endpoint takes and answers; the request is validated against its JSON Schema first. */
public final class PolicyApi {

    private PolicyApi() {
    }

    /** The tenant's guardrails; an omitted or null one is off. Percents and amounts are decimal strings. */
    @RequestSchema("TenantPolicy")
    public record TenantPolicy(@Nullable String maxDecreasePercent, @Nullable String maxIncreasePercent,
                               @Nullable String minMarginPercent, @Nullable Map<String, String> floors,
                               @Nullable Map<String, String> ceilings, @Nullable Boolean enforceMap,
                               @Nullable Boolean selfApprovalAllowed) {
    }

    /** The policy as it is now in force, in the request's shape (and GET /api/v1/policy's). */
    public record TenantPolicyInForce(
            @Nullable @Schema(example = "20") String maxDecreasePercent,
            @Nullable @Schema(example = "15") String maxIncreasePercent,
            @Nullable @Schema(example = "10") String minMarginPercent,
            @Schema(description = "Per currency, the lowest price a rule may set") Map<String, String> floors,
            @Schema(description = "Per currency, the highest price a rule may set") Map<String, String> ceilings,
            boolean enforceMap, boolean selfApprovalAllowed) {
    }
}
