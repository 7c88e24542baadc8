package dev.calibrate.kernel.competitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.calibrate.kernel.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A competitor's identity, derived from tenant and (normalised) domain: registering a domain twice
 * lands on the same aggregate, which is how "one competitor per domain and tenant" holds without a
 * lookup table, and the same domain in two tenants never collides.
 */
public record CompetitorId(@JsonValue UUID value) {

    @JsonCreator
    public CompetitorId {
        Objects.requireNonNull(value, "competitor id");
    }

    public static CompetitorId forDomain(TenantId tenantId, String domain) {
        return new CompetitorId(UUID.nameUUIDFromBytes(
                ("calibrate:competitor:" + tenantId + ":" + domain).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
