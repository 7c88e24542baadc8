package dev.calibrate.connectors.shopify.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** Shopify's cost bucket as its last answer described it ({@code extensions.cost.throttleStatus}). */
public record ThrottleStatus(double maximumAvailable, double currentlyAvailable, double restoreRate, Instant at) {

    static ThrottleStatus from(JsonNode cost, Instant at) {
        JsonNode status = cost == null ? null : cost.get("throttleStatus");
        if (status == null || !status.hasNonNull("restoreRate")) {
            return null;
        }
        return new ThrottleStatus(status.path("maximumAvailable").asDouble(), status.path("currentlyAvailable").asDouble(),
                status.path("restoreRate").asDouble(), at);
    }

    /** What the bucket holds at {@code now}, refilled at the restore rate since the answer. */
    public double availableAt(Instant now) {
        double seconds = Math.max(0, (now.toEpochMilli() - at.toEpochMilli()) / 1000.0);
        return Math.min(maximumAvailable, currentlyAvailable + seconds * restoreRate);
    }
}
