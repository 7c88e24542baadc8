package dev.calibrate.kernel.pricechange;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

public record PriceChangeId(@JsonValue UUID value) {

    @JsonCreator
    public PriceChangeId {
        Objects.requireNonNull(value, "price change id");
    }

    public static PriceChangeId random() {
        return new PriceChangeId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
