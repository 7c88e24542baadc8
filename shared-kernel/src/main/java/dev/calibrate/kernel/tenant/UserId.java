package dev.calibrate.kernel.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** A person of a tenant, who signs in to the console. */
public record UserId(@JsonValue UUID value) {

    @JsonCreator
    public UserId {
        Objects.requireNonNull(value, "user id");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    /** The actor a signed-in person acts as: {@code user:<id>}, with the email as the person for four-eyes. */
    public Actor actor(String email) {
        return new Actor("user:" + value, email);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
