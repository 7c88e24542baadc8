package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.outbox.Delivery;
import dev.calibrate.app.webhooks.outbox.DeliveryKind;
import dev.calibrate.app.webhooks.outbox.DeliveryStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/** What the deliveries API answers: an endpoint's outbox, newest first. */
public final class DeliveriesApi {

    private DeliveriesApi() {
    }

    public record DeliverySummary(
            @Schema(description = "The delivery's id, for paging (before=).") long id,
            DeliveryKind kind,
            @Schema(description = "The CloudEvent id: the webhook-id header, the same on every attempt and replay.")
            String eventId,
            String eventType,
            @Schema(description = "The event's feed position; none for a ping.") @Nullable Long position,
            @Schema(description = "pending until a response settles it; delivered on a 2xx; dead after the last retry "
                    + "failed; failed for a ping not answered 2xx.") DeliveryStatus status,
            int attempts,
            @Schema(description = "When a pending delivery is (next) sent.") @Nullable Instant nextAttemptAt,
            @Nullable Instant lastAttemptAt,
            @Schema(description = "The receiver's last HTTP status.") @Nullable Integer lastResponseCode,
            @Schema(description = "The first 1 KB of the receiver's last answer.") @Nullable String lastResponseBody,
            @Schema(description = "Why the last attempt had no answer (timeout, refused address, ...).")
            @Nullable String lastError,
            Instant createdAt) {

        static DeliverySummary of(Delivery d) {
            return new DeliverySummary(d.id(), d.kind(), d.eventId(), d.eventType(), d.position(), d.status(),
                    d.attempts(), d.status() == DeliveryStatus.PENDING ? d.nextAttemptAt() : null, d.lastAttemptAt(),
                    d.lastResponseCode(), d.lastResponseBody(), d.lastError(), d.createdAt());
        }
    }

    public record DeliveryPage(List<DeliverySummary> items,
                               @Schema(description = "Pass as before= for older deliveries; null on the last page.")
                               @Nullable String next) {
    }

    public record ReplayRequest(@Schema(description = "The first position to send again (an event's position).",
                                        example = "1000") String from,
                                @Schema(description = "The last position to send again.", example = "1042") String to) {
    }

    public record ReplayQueued(@Schema(description = "Events queued again, after whatever the endpoint has queued.")
                               int queued,
                               @Schema(description = "The position this request got to: every event of the "
                                       + "endpoint's types up to it is queued (the last event queued, or where its "
                                       + "read of the range stopped when it found fewer). Null when nothing in the "
                                       + "range has been sent yet.")
                               @Nullable Long lastPosition,
                               @Schema(description = "True when the range goes on past lastPosition: a request "
                                       + "queues at most 1,000 events and reads a bounded part of the range, so "
                                       + "replay again from lastPosition + 1 for the rest.")
                               boolean more) {
    }
}
