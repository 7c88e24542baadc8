package dev.calibrate.app.webhooks.endpoint;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Whether an endpoint is sent to. Only {@code ACTIVE} is: a paused, disabled (the receiver answered
 * 410 Gone) or failing (a delivery was dead-lettered) endpoint keeps its place in the feed, and
 * re-enabling it resumes from there.
 */
public enum EndpointStatus {
    ACTIVE, PAUSED, DISABLED, FAILING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
