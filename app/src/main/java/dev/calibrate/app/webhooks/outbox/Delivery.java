package dev.calibrate.app.webhooks.outbox;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.lang.Nullable;

import java.time.Instant;

/** One row of an endpoint's outbox, with the body it sends on every attempt. */
public record Delivery(long id, WebhookId endpointId, TenantId tenantId, DeliveryKind kind, String eventId,
                       String eventType, @Nullable Long position, String body, DeliveryStatus status, int attempts,
                       Instant nextAttemptAt, @Nullable Instant lastAttemptAt, @Nullable Integer lastResponseCode,
                       @Nullable String lastResponseBody, @Nullable String lastError, Instant createdAt) {
}
