package dev.calibrate.app.console;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;

import java.util.Arrays;

/**
 * The signed-in caller as the console's pages see it: who, for which tenant, and what they may do.
 * Pages show an action only when {@link #can} says so; handlers {@link #require} the same scope, so a
 * forged request is refused exactly as a hidden button suggests.
 */
public record Me(Caller caller) {

    public String name() {
        String subject = caller.actor().subject();
        if (caller.isPlatformAdmin()) {
            return "Platform admin";
        }
        return subject != null ? subject : "token " + caller.actor().id().substring(0, 8);
    }

    public boolean platformAdmin() {
        return caller.isPlatformAdmin();
    }

    /** For templates: {@code me.can('prices:approve')}. */
    public boolean can(String scope) {
        return caller.has(Scope.fromWireName(scope));
    }

    public boolean can(Scope scope) {
        return caller.has(scope);
    }

    /** Refuses (403 page) unless the caller holds one of the scopes. */
    public Caller require(Scope... anyOf) {
        if (caller.isPlatformAdmin() || Arrays.stream(anyOf).noneMatch(caller::has)) {
            throw new ConsoleForbidden(anyOf);
        }
        return caller;
    }

    /** Refuses (403 page) unless the caller is the platform admin. */
    public void requirePlatformAdmin() {
        if (!caller.isPlatformAdmin()) {
            throw new ConsoleForbidden();
        }
    }
}
