package dev.calibrate.kernel.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.calibrate.kernel.error.InvalidInput;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What an API token may do. Written on the wire as {@code catalog:read} etc. */
public enum Scope {
    CATALOG_READ("catalog:read"),
    CATALOG_WRITE("catalog:write"),
    PRICES_WRITE("prices:write"),
    PRICES_APPROVE("prices:approve"),
    PRICES_APPLY("prices:apply"),
    AUDIT_READ("audit:read"),
    CONNECTORS_ADMIN("connectors:admin"),
    COMPETITORS_READ("competitors:read"),
    COMPETITORS_WRITE("competitors:write"),
    /** Ask the copilot questions over the tenant's data (read-only; docs/copilot.md). */
    COPILOT_QUERY("copilot:query"),
    /**
     * Follow the tenant's events as CloudEvents: the event feed and its stream (docs/consumers.md).
     * Every event, so everything the tenant's other scopes read: admins only among people's roles.
     */
    EVENTS_READ("events:read"),
    /**
     * Register, change and delete the tenant's webhook endpoints, replay their deliveries
     * (docs/consumers.md): they receive every event of the types they name, so admins only.
     */
    WEBHOOKS_ADMIN("webhooks:admin"),
    ADMIN("admin");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Scope fromWireName(String name) {
        return Arrays.stream(values())
                .filter(s -> s.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidInput("scopes", "unknown scope \"" + name + "\"; known: "
                        + Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
