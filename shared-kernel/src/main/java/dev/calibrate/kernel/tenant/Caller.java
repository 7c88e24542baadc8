package dev.calibrate.kernel.tenant;

import java.util.Set;

/**
 * The authenticated caller of a request: a tenant's API token, or the platform admin
 * (which has no tenant and may only use the admin API).
 */
public record Caller(TenantId tenantId, Actor actor, Set<Scope> scopes) {

    public static Caller platformAdmin() {
        return new Caller(null, Actor.PLATFORM_ADMIN, Set.of());
    }

    public boolean isPlatformAdmin() {
        return tenantId == null;
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }
}
