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
    /**
     * Each signed checkpoint of the tenant's audit log: not an event of the feed, so queued as it is signed
     * rather than fed. {@code *} includes it.
     */
    public static final String AUDIT_CHECKPOINT = "dev.calibrate.AuditCheckpoint.v1";

    public WebhookEndpoint {
        eventTypes = List.copyOf(eventTypes);
    }

    public boolean everyType() {
        return eventTypes.contains(EVERY_TYPE);
    }

    /** Its types that are events of the feed: all of them but {@link #AUDIT_CHECKPOINT}. */
    public List<String> feedTypes() {
        return eventTypes.stream().filter(type -> !type.equals(AUDIT_CHECKPOINT)).toList();
    }

    /** Whether it receives events of the feed at all (an endpoint of checkpoints only does not). */
    public boolean followsFeed() {
        return followsFeed(eventTypes);
    }

    /** Whether an endpoint of these types receives events of the feed: any type but {@link #AUDIT_CHECKPOINT}. */
    static boolean followsFeed(List<String> eventTypes) {
        return eventTypes.stream().anyMatch(type -> !type.equals(AUDIT_CHECKPOINT));
    }
}
