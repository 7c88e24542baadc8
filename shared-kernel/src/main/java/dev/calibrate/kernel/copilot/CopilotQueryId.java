package dev.calibrate.kernel.copilot;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** One question asked of the copilot: the entity its audit entry is filed under. */
public record CopilotQueryId(@JsonValue UUID value) {

    @JsonCreator
    public CopilotQueryId {
        Objects.requireNonNull(value, "copilot query id");
    }

    public static CopilotQueryId random() {
        return new CopilotQueryId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
