package dev.calibrate.kernel.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** Who did something: an API token id, or {@code admin} for the bootstrap admin token. */
public record Actor(@JsonValue String id) {

    public static final Actor PLATFORM_ADMIN = new Actor("admin");
    public static final Actor SYSTEM = new Actor("system");

    @JsonCreator
    public Actor {
        Objects.requireNonNull(id, "actor id");
    }

    public static Actor token(TokenId tokenId) {
        return new Actor(tokenId.toString());
    }

    @Override
    public String toString() {
        return id;
    }
}
