package dev.calibrate.kernel.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.calibrate.kernel.error.InvalidInput;

import java.util.Objects;
import java.util.UUID;

public record TenantId(@JsonValue UUID value) {

    @JsonCreator
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    public static TenantId parse(String text) {
        try {
            return new TenantId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInput("tenantId", "is not a UUID");
        }
    }

    /** Axon uses toString() as the aggregate identifier. */
    @Override
    public String toString() {
        return value.toString();
    }
}
