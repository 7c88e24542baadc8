package dev.calibrate.kernel.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

public record TokenId(@JsonValue UUID value) {

    @JsonCreator
    public TokenId {
        Objects.requireNonNull(value, "token id");
    }

    public static TokenId random() {
        return new TokenId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
