package dev.calibrate.kernel.rule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** A saved rule's identity. */
public record SavedRuleId(@JsonValue UUID value) {

    @JsonCreator
    public SavedRuleId {
        Objects.requireNonNull(value, "saved rule id");
    }

    public static SavedRuleId random() {
        return new SavedRuleId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
