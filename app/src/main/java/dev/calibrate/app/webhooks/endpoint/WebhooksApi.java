package dev.calibrate.app.webhooks.endpoint;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the webhook endpoints API takes and answers. The signing secret is answered once, when made. */
public final class WebhooksApi {

    private WebhooksApi() {
    }

    public record WebhookRegistration(
            @Schema(description = "Where to POST events: an https URL whose host resolves to public addresses only.",
                    example = "https://hooks.example.com/calibrate") String url,
            @Schema(description = "CloudEvent types to send, as in the event feed (e.g. "
                    + "dev.calibrate.PriceChangeSubmitted.v1), or [\"*\"] for every type. An unknown type is a 400 "
                    + "listing the known ones.") List<String> eventTypes,
            @Schema(description = "What the endpoint is for, for people; at most 500 characters.")
            @Nullable String description) {
    }

    @Schema(description = "A registered endpoint and its signing secret, shown only in this answer.")
    public record CreatedWebhook(UUID id,
                                 @Schema(description = "whsec_ and 32 random bytes, base64: the key of the "
                                         + "webhook-signature HMAC. Store it now; it is never shown again.",
                                         example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") String secret,
                                 WebhookSummary endpoint) {
    }

    public record WebhookUpdate(@Schema(description = "A new URL, checked as at registration.") @Nullable String url,
                                @Schema(description = "New event types, or [\"*\"].") @Nullable List<String> eventTypes,
                                @Nullable String description,
                                @Schema(description = "true pauses sending; false (re-)enables a paused, disabled "
                                        + "(410) or failing endpoint, which resumes where it stopped.")
                                @Nullable Boolean paused) {
    }

    public record WebhookSummary(UUID id, String url, @Nullable String description, List<String> eventTypes,
                                 @Schema(description = "active: sent to. paused: by a person. disabled: the receiver "
                                         + "answered 410 Gone. failing: a delivery failed its last retry and was "
                                         + "dead-lettered. Only active endpoints are sent to; events wait for the "
                                         + "others until they are enabled again.",
                                         allowableValues = {"active", "paused", "disabled", "failing"})
                                 EndpointStatus status,
                                 @Schema(description = "Why the endpoint is disabled or failing.")
                                 @Nullable String statusReason,
                                 @Schema(description = "After a rotation, until when the previous secret also signs.")
                                 @Nullable Instant previousSecretExpiresAt,
                                 Instant createdAt, Instant updatedAt) {

        static WebhookSummary of(WebhookEndpoint endpoint, Instant now) {
            Instant previous = endpoint.previousSecretUntil() != null && now.isBefore(endpoint.previousSecretUntil())
                    ? endpoint.previousSecretUntil() : null;
            return new WebhookSummary(endpoint.id().value(), endpoint.url(), endpoint.description(),
                    endpoint.eventTypes(), endpoint.status(), endpoint.statusReason(), previous,
                    endpoint.createdAt(), endpoint.updatedAt());
        }
    }

    public record WebhookList(List<WebhookSummary> items) {
    }

    @Schema(description = "The new signing secret, shown only in this answer; the previous one also signs until "
            + "previousSecretExpiresAt.")
    public record RotatedSecret(UUID id, String secret, Instant previousSecretExpiresAt) {
    }
}
