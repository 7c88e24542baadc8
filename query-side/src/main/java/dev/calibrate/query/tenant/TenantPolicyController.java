package dev.calibrate.query.tenant;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.tenant.TenantPolicyReadApi.EffectiveApprovalThresholds;
import dev.calibrate.query.tenant.TenantPolicyReadApi.EffectivePriorPriceRule;
import dev.calibrate.query.tenant.TenantPolicyReadApi.EffectiveTenantPolicy;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The caller's tenant policy. Every tenant token may read it: authors need to know the guardrails
 * their changes will be held to. A tenant that never set one has no guardrails (and no updatedAt).
 */
@RestController
@Tag(name = "Tenant policy")
public class TenantPolicyController {

    private final TenantScope tenantScope;
    private final ReadModelProgress progress;
    private final TenantPolicyViewRepository policies;

    public TenantPolicyController(TenantScope tenantScope, ReadModelProgress progress, TenantPolicyViewRepository policies) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.policies = policies;
    }

    @GetMapping(path = "/api/v1/policy", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getTenantPolicy", summary = "The tenant's pricing policy",
            description = "The guardrails every price change is held to, and whether authors may approve their own.")
    @ErrorResponses({503})
    public EffectiveTenantPolicy get(@RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                                     Caller caller) {
        progress.awaitPosition(TenantProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> policies.findById(caller.tenantId().value())
                .map(view -> describe(view.getPolicy(), view.getUpdatedAt(), view.getUpdatedBy()))
                .orElseGet(() -> describe(TenantPolicyView.json(TenantPolicy.unrestricted()), null, null)));
    }

    /** {@code policy} as the view stores it (see {@link TenantPolicyView#json}). */
    @SuppressWarnings("unchecked")
    private static EffectiveTenantPolicy describe(Map<String, Object> policy, Instant updatedAt, String updatedBy) {
        return new EffectiveTenantPolicy((String) policy.get("maxDecreasePercent"),
                (String) policy.get("maxIncreasePercent"),
                (Map<String, String>) policy.getOrDefault("floors", Map.of()),
                (Map<String, String>) policy.getOrDefault("ceilings", Map.of()),
                (String) policy.get("minMarginPercent"), Boolean.TRUE.equals(policy.get("enforceMap")),
                Boolean.TRUE.equals(policy.get("selfApprovalAllowed")),
                priorPriceRule((Map<String, Object>) policy.get("priorPriceRule")),
                approvalThresholds((Map<String, Object>) policy.get("approvalThresholds")), updatedAt, updatedBy);
    }

    /** A view stored before thresholds existed has none. */
    @SuppressWarnings("unchecked")
    private static EffectiveApprovalThresholds approvalThresholds(Map<String, Object> thresholds) {
        if (thresholds == null) {
            return new EffectiveApprovalThresholds(null, Map.of(), ApprovalThresholds.NONE.requires().wireName());
        }
        return new EffectiveApprovalThresholds((String) thresholds.get("maxDecreasePercent"),
                (Map<String, String>) thresholds.getOrDefault("maxRevenueImpact", Map.of()),
                (String) thresholds.getOrDefault("requires", ApprovalThresholds.NONE.requires().wireName()));
    }

    /** A view stored before the rule existed has none: the rule is off. */
    @SuppressWarnings("unchecked")
    private static EffectivePriorPriceRule priorPriceRule(Map<String, Object> rule) {
        PriorPriceRule off = PriorPriceRule.DISABLED;
        if (rule == null) {
            return new EffectivePriorPriceRule(off.enabled(), off.windowDays(), List.of(), off.progressive());
        }
        return new EffectivePriorPriceRule(Boolean.TRUE.equals(rule.get("enabled")),
                ((Number) rule.getOrDefault("windowDays", off.windowDays())).intValue(),
                List.copyOf((List<String>) rule.getOrDefault("currencies", List.of())),
                !Boolean.FALSE.equals(rule.get("progressive")));
    }
}
