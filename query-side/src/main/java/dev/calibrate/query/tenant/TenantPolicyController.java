package dev.calibrate.query.tenant;

import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.consistency.TenantReads;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The caller's tenant policy. Every tenant token may read it: authors need to know the guardrails
 * their changes will be held to. A tenant that never set one has no guardrails (and no updatedAt).
 */
@RestController
public class TenantPolicyController {

    private final TenantReads reads;
    private final ReadModelProgress progress;
    private final TenantPolicyViewRepository policies;

    public TenantPolicyController(TenantReads reads, ReadModelProgress progress, TenantPolicyViewRepository policies) {
        this.reads = reads;
        this.progress = progress;
        this.policies = policies;
    }

    @GetMapping(path = "/api/v1/policy", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> get(@RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                                   Caller caller) {
        progress.awaitPosition(TenantProjection.NAME, waitFor);
        return reads.read(caller.tenantId(), () -> policies.findById(caller.tenantId().value())
                .map(view -> describe(view.getPolicy(), view))
                .orElseGet(() -> describe(TenantPolicyView.json(TenantPolicy.unrestricted()), null)));
    }

    private static Map<String, Object> describe(Map<String, Object> policy, TenantPolicyView view) {
        Map<String, Object> result = new LinkedHashMap<>(policy);
        result.put("updatedAt", view == null ? null : view.getUpdatedAt());
        result.put("updatedBy", view == null ? null : view.getUpdatedBy());
        return result;
    }
}
