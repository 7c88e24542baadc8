package dev.calibrate.app.webhooks.outbox;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a delivery stands: PENDING until a response settles it (so a node killed mid-send sends it
 * again), DELIVERED on a 2xx, DEAD after its last retry failed, FAILED for a ping not answered 2xx
 * (pings are not retried).
 */
public enum DeliveryStatus {
    PENDING, DELIVERED, DEAD, FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
