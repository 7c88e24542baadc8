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
import dev.calibrate.query.tenant.StoredPolicy.StoredApprovalThresholds;
import dev.calibrate.query.tenant.StoredPolicy.StoredPriorPriceRule;
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
    private final TenantViewRepository tenants;

    public TenantPolicyController(TenantScope tenantScope, ReadModelProgress progress,
                                  TenantPolicyViewRepository policies, TenantViewRepository tenants) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.policies = policies;
        this.tenants = tenants;
    }

    @GetMapping(path = "/api/v1/policy", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getTenantPolicy", summary = "The tenant's pricing policy",
            description = "The guardrails every price change is held to, whether authors may approve their own, and "
                    + "the time zone the tenant's days are counted in.")
    @ErrorResponses({503})
    public EffectiveTenantPolicy get(@RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                                     Caller caller) {
        progress.awaitPosition(TenantProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> {
            // no row yet: the tenants processor has not projected the tenant's creation, and a new tenant's zone
            // is UTC until the admin sets one, which the same processor projects (X-Calibrate-Wait-For waits for it)
            String zone = tenants.findById(caller.tenantId().value()).map(TenantView::getTimeZone).orElse("UTC");
            return policies.findById(caller.tenantId().value())
                    .map(view -> describe(view.getPolicy(), zone, view.getUpdatedAt(), view.getUpdatedBy()))
                    .orElseGet(() -> describe(StoredPolicy.of(TenantPolicy.unrestricted()), zone, null, null));
        });
    }

    private static EffectiveTenantPolicy describe(StoredPolicy policy, String timeZone, Instant updatedAt,
                                                  String updatedBy) {
        return new EffectiveTenantPolicy(policy.maxDecreasePercent(), policy.maxIncreasePercent(), policy.floors(),
                policy.ceilings(), policy.minMarginPercent(), policy.enforceMap(), policy.selfApprovalAllowed(),
                priorPriceRule(policy.priorPriceRule()), approvalThresholds(policy.approvalThresholds()),
                timeZone, updatedAt, updatedBy);
    }

    /** A view stored before thresholds existed has none. */
    private static EffectiveApprovalThresholds approvalThresholds(StoredApprovalThresholds thresholds) {
        String byDefault = ApprovalThresholds.NONE.requires().wireName();
        if (thresholds == null) {
            return new EffectiveApprovalThresholds(null, Map.of(), byDefault);
        }
        return new EffectiveApprovalThresholds(thresholds.maxDecreasePercent(),
                thresholds.maxRevenueImpact() == null ? Map.of() : thresholds.maxRevenueImpact(),
                thresholds.requires() == null ? byDefault : thresholds.requires());
    }

    /** A view stored before the rule existed has none: the rule is off. */
    private static EffectivePriorPriceRule priorPriceRule(StoredPriorPriceRule rule) {
        PriorPriceRule off = PriorPriceRule.DISABLED;
        if (rule == null) {
            return new EffectivePriorPriceRule(off.enabled(), off.windowDays(), List.of(), off.progressive());
        }
        return new EffectivePriorPriceRule(rule.enabled(),
                rule.windowDays() == null ? off.windowDays() : rule.windowDays(),
                rule.currencies() == null ? List.of() : List.copyOf(rule.currencies()),
                !Boolean.FALSE.equals(rule.progressive()));
    }
}
