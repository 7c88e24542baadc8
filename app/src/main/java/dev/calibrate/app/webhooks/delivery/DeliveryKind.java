package dev.calibrate.app.webhooks.delivery;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Why a delivery exists: an event from the feed, one asked for again, or a test event. */
public enum DeliveryKind {
    EVENT, REPLAY, PING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
