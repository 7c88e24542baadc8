package dev.calibrate.app.webhooks;

import java.util.UUID;

/** A webhook endpoint's id. */
public record WebhookId(UUID value) {

    public WebhookId {
        java.util.Objects.requireNonNull(value, "value");
    }

    public static WebhookId random() {
        return new WebhookId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
