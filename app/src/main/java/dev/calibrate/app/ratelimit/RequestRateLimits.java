package dev.calibrate.app.ratelimit;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which buckets a request spends from: its caller's (an API token, a console person, the admin token)
 * and, for a tenant's caller, its tenant's, each for the request's class of endpoint. The caller's
 * bucket goes first; when the tenant's is empty, the caller's permit is given back.
 */
@Component
public class RequestRateLimits {

    private final RateLimitSettings settings;
    private final ClusterRateLimiter limiter;
    private final Map<TenantId, TenantLimits> overrides = new ConcurrentHashMap<>();

    public RequestRateLimits(RateLimitSettings settings, PermitLeases leases, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.limiter = new ClusterRateLimiter(leases, clock, settings.leaseFraction(), settings.leaseTtl(),
                settings.leaseTimeout(), meters);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * Sets other limits for one tenant on this node, in place of the configured ones. Its buckets are
     * the same rows, so every node must be told alike; tests use it to lower one tenant's limits in the
     * shared context without touching another's.
     */
    public void limitTenant(TenantId tenant, TenantLimits limits) {
        overrides.put(tenant, limits);
    }

    /** The decisions of the request's buckets, caller first; the request goes on only if all allow it. */
    public List<Spent> spend(Caller caller, EndpointClass endpoints) {
        TenantLimits limits = caller.isPlatformAdmin() ? null : overrides.get(caller.tenantId());
        RateLimitSettings.Buckets callerBuckets = caller.isPlatformAdmin() ? settings.admin()
                : limits != null ? limits.caller() : settings.caller();
        String callerKey = (caller.isPlatformAdmin() ? "admin" : "caller:" + caller.actor().id()) + ":"
                + endpoints.wireName();
        List<Spent> spent = new ArrayList<>(2);
        ClusterRateLimiter.Decision own = limiter.take(callerKey, callerBuckets.of(endpoints));
        spent.add(new Spent("caller-" + endpoints.wireName(), own));
        if (!own.allowed() || caller.isPlatformAdmin()) {
            return spent;
        }
        RateLimitSettings.Buckets tenantBuckets = limits != null ? limits.tenant() : settings.tenant();
        ClusterRateLimiter.Decision shared = limiter.take("tenant:" + caller.tenantId().value() + ":"
                + endpoints.wireName(), tenantBuckets.of(endpoints));
        spent.add(new Spent("tenant-" + endpoints.wireName(), shared));
        if (!shared.allowed()) {
            limiter.giveBack(callerKey);
        }
        return spent;
    }

    /** One tenant's limits: its callers' buckets and its own. */
    public record TenantLimits(RateLimitSettings.Buckets caller, RateLimitSettings.Buckets tenant) {
    }

    /** A bucket's name in the headers ({@code caller-read}, {@code tenant-write}) and its decision. */
    public record Spent(String policy, ClusterRateLimiter.Decision decision) {
    }
}
