package dev.calibrate.kernel.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.calibrate.kernel.error.InvalidInput;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.calibrate.kernel.tenant.Scope.AUDIT_READ;
import static dev.calibrate.kernel.tenant.Scope.CATALOG_READ;
import static dev.calibrate.kernel.tenant.Scope.CATALOG_WRITE;
import static dev.calibrate.kernel.tenant.Scope.COMPETITORS_READ;
import static dev.calibrate.kernel.tenant.Scope.COMPETITORS_WRITE;
import static dev.calibrate.kernel.tenant.Scope.CONNECTORS_ADMIN;
import static dev.calibrate.kernel.tenant.Scope.COPILOT_QUERY;
import static dev.calibrate.kernel.tenant.Scope.EVENTS_READ;
import static dev.calibrate.kernel.tenant.Scope.PRICES_APPLY;
import static dev.calibrate.kernel.tenant.Scope.PRICES_APPROVE;
import static dev.calibrate.kernel.tenant.Scope.PRICES_WRITE;
import static dev.calibrate.kernel.tenant.Scope.WEBHOOKS_ADMIN;

/**
 * What a person of a tenant may do, as the scopes a token would need for it. This is the one place
 * roles map to scopes: a person's scopes are the union of their roles'. Written on the wire as
 * {@code viewer} etc.
 */
public enum Role {
    /** Reads the catalog, the audit log and competitors' prices. */
    VIEWER("viewer", CATALOG_READ, AUDIT_READ, COMPETITORS_READ),
    /**
     * A viewer who also drafts price changes, keeps the catalog and competitors current, and asks the
     * copilot. (Viewers do not ask it: everything it reads a viewer may read on the screens, but its
     * questions share one per-tenant budget a minute, which goes to the people who work on prices; a
     * token can still be given copilot:query alone.)
     */
    ANALYST("analyst", CATALOG_READ, AUDIT_READ, COMPETITORS_READ, PRICES_WRITE, CATALOG_WRITE, COMPETITORS_WRITE,
            COPILOT_QUERY),
    /** A viewer who also approves (or rejects) and applies price changes, and asks the copilot. */
    APPROVER("approver", CATALOG_READ, AUDIT_READ, COMPETITORS_READ, PRICES_APPROVE, PRICES_APPLY, COPILOT_QUERY),
    /**
     * Everything, the tenant's people, policy, connectors, the event feed and webhooks included. (Only admins
     * follow the feed: it carries every event, people's emails and token names among them, which
     * no other role reads in full; an integration gets a token with events:read alone.)
     */
    ADMIN("admin", CATALOG_READ, CATALOG_WRITE, PRICES_WRITE, PRICES_APPROVE, PRICES_APPLY, AUDIT_READ,
            CONNECTORS_ADMIN, COMPETITORS_READ, COMPETITORS_WRITE, COPILOT_QUERY, EVENTS_READ, WEBHOOKS_ADMIN,
            Scope.ADMIN);

    private final String wireName;
    private final Set<Scope> scopes;

    Role(String wireName, Scope first, Scope... rest) {
        this.wireName = wireName;
        this.scopes = Set.copyOf(EnumSet.of(first, rest));
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    /** The scopes of a person with these roles. */
    public static Set<Scope> scopesOf(Collection<Role> roles) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        roles.forEach(role -> scopes.addAll(role.scopes));
        return Set.copyOf(scopes);
    }

    @JsonCreator
    public static Role fromWireName(String name) {
        return Arrays.stream(values())
                .filter(r -> r.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidInput("roles", "unknown role \"" + name + "\"; known: "
                        + Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
