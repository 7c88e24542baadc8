package dev.calibrate.kernel.competitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** One posted batch of competitor price observations (its own short event stream). */
public record ObservationBatchId(@JsonValue UUID value) {

    @JsonCreator
    public ObservationBatchId {
        Objects.requireNonNull(value, "observation batch id");
    }

    public static ObservationBatchId random() {
        return new ObservationBatchId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
