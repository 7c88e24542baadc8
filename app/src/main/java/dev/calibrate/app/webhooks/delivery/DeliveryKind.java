package dev.calibrate.app.webhooks.delivery;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Why a delivery exists: an event from the feed, one asked for again, a test event, or a checkpoint of the
 * audit log as it was signed.
 */
public enum DeliveryKind {
    EVENT, REPLAY, PING, CHECKPOINT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
