package dev.calibrate.app.webhooks.endpoint;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A registered endpoint as stored, its secrets left out (they are opened only to sign).
 *
 * @param eventTypes the CloudEvent types it receives, or {@code ["*"]} for every type
 * @param cursor     the feed position up to which events are queued for it
 */
public record WebhookEndpoint(WebhookId id, TenantId tenantId, String url, @Nullable String description,
                              List<String> eventTypes, EndpointStatus status, @Nullable String statusReason,
                              @Nullable Instant previousSecretUntil, long cursor, Instant createdAt,
                              Instant updatedAt) {

    public static final String EVERY_TYPE = "*";

    public WebhookEndpoint {
        eventTypes = List.copyOf(eventTypes);
    }

    public boolean everyType() {
        return eventTypes.contains(EVERY_TYPE);
    }
}
