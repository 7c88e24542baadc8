package dev.calibrate.app.webhooks.outbox;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Why a delivery exists: an event from the feed, one asked for again, a test event, or a checkpoint of the
 * audit log as it was signed. {@link #OTHER} is never written: it is how this release reads a kind a newer one
 * stored (in a rolling deploy, both share the table), so that the row is still sent and listed.
 */
public enum DeliveryKind {
    EVENT, REPLAY, PING, CHECKPOINT, OTHER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a row stores; one this release does not know is {@link #OTHER}, not an error. */
    static DeliveryKind ofColumn(String stored) {
        for (DeliveryKind kind : values()) {
            if (kind != OTHER && kind.name().equals(stored)) {
                return kind;
            }
        }
        return OTHER;
    }

    /** The value to store; {@link #OTHER} stands for a kind this release cannot name, so it is never stored. */
    String column() {
        if (this == OTHER) {
            throw new IllegalArgumentException("OTHER is how an unknown stored kind is read, never a kind to store");
        }
        return name();
    }
}
