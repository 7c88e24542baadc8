package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.app.webhooks.endpoint.EndpointStatus;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoint;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoints;
import dev.calibrate.app.webhooks.sending.WebhookHttp;
import dev.calibrate.app.webhooks.sending.WebhookHttp.Answer;
import dev.calibrate.app.webhooks.sending.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One attempt at a delivery: lease the row (a statement committed at once), send with no transaction
 * open, then settle it in a short transaction if the lease is still ours. No transaction lives across
 * a request, so a slow receiver cannot hold back the feed's safe horizon (and every tenant's feed,
 * streams and audit sealing with it). Another sender skips a leased row; a node killed mid-request
 * leaves a lease that runs out ({@link #lease()}), and the row is sent again (at-least-once). The outcome: a 2xx delivers; 410 Gone disables the
 * endpoint (the delivery waits for it to be re-enabled); anything else is retried on the
 * {@link RetrySchedule}, and after its last step the delivery is dead and the endpoint failing.
 */
@Component
public class DeliveryAttempts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final WebhookDeliveries deliveries;
    private final WebhookEndpoints endpoints;
    private final WebhookHttp http;
    private final RetrySchedule retries;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration lease;

    public DeliveryAttempts(WebhookDeliveries deliveries, WebhookEndpoints endpoints, WebhookHttp http,
                            RetrySchedule retries, PlatformTransactionManager transactionManager,
                            WebhookSettings settings, Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.http = http;
        this.retries = retries;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        // connecting and the answer each take at most the timeout: a lease outlives any request
        this.lease = settings.timeout().multipliedBy(3);
    }

    /** How long a sender has a delivery before another may send it again. */
    Duration lease() {
        return lease;
    }

    /** Sends the delivery if it is due and still its active endpoint's first pending one; false if it was not sent. */
    public boolean attempt(long deliveryId) {
        UUID owner = UUID.randomUUID();
        Instant now = clock.instant();
        Optional<Delivery> delivery = deliveries.lease(deliveryId, owner, now, now.plus(lease));
        Optional<WebhookEndpoint> endpoint = delivery.flatMap(d -> endpoints.find(d.endpointId()));
        if (delivery.isEmpty()) {
            return false;
        }
        if (endpoint.isEmpty() || endpoint.get().status() != EndpointStatus.ACTIVE) {
            // paused meanwhile: give the row back as it was
            deliveries.release(deliveryId, owner);
            return false;
        }
        Answer answer = send(endpoint.get(), delivery.get().eventId(), delivery.get().body());
        transactions.executeWithoutResult(tx -> settle(delivery.get(), owner, endpoint.get(), answer));
        return true;
    }

    /** A test event, sent now whatever the endpoint's status, not retried; answers how it went. */
    public Delivery ping(WebhookEndpoint endpoint, WebhookDeliveries.Queued event) {
        Answer answer = send(endpoint, event.eventId(), event.body());
        long id = deliveries.insertSettled(endpoint.id(), endpoint.tenantId(), DeliveryKind.PING, event,
                answer.succeeded() ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED, clock.instant(),
                answer.status(), ResponseText.clean(answer.body()), ResponseText.clean(answer.error()));
        return deliveries.find(endpoint.tenantId(), id).orElseThrow();
    }

    private Answer send(WebhookEndpoint endpoint, String eventId, String body) {
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        List<String> secrets;
        try {
            secrets = endpoints.signingSecrets(endpoint.tenantId(), endpoint.id(), now);
        } catch (RuntimeException unreadable) {
            // never the secret nor the exception's text (recorded, so shown to the tenant): only that it could not be opened
            log.warn("The signing secret of webhook endpoint {} of tenant {} cannot be opened", endpoint.id(),
                    endpoint.tenantId(), unreadable);
            return new Answer(null, null, null, "signing secret unreadable", false);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", eventId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.header(secrets, eventId, timestamp, body));
        return http.post(endpoint.url(), headers, body);
    }

    private void settle(Delivery delivery, UUID owner, WebhookEndpoint endpoint, Answer answer) {
        int attempts = delivery.attempts() + 1;
        Instant now = clock.instant();
        String body = ResponseText.clean(answer.body());
        String error = ResponseText.clean(answer.error());
        if (answer.succeeded()) {
            record(delivery, owner, DeliveryStatus.DELIVERED, attempts, now, now, answer.status(), body, null);
            return;
        }
        if (answer.status() != null && answer.status() == 410) {
            // the receiver says the endpoint is gone for good: stop, and send this one first if re-enabled
            if (!record(delivery, owner, DeliveryStatus.PENDING, attempts, now, now, answer.status(), body, null)) {
                return;
            }
            endpoints.setStatus(endpoint.tenantId(), endpoint.id(), EndpointStatus.DISABLED,
                    "the receiver answered 410 Gone", now);
            log.info("Webhook endpoint {} of tenant {} answered 410 Gone: disabled", endpoint.id(), endpoint.tenantId());
            return;
        }
        Optional<Duration> wait = retries.after(attempts, answer.status() == null ? null : answer.retryAfter());
        if (wait.isPresent()) {
            record(delivery, owner, DeliveryStatus.PENDING, attempts, now.plus(wait.get()), now, answer.status(),
                    body, error);
            return;
        }
        if (!record(delivery, owner, DeliveryStatus.DEAD, attempts, now, now, answer.status(), body, error)) {
            return;
        }
        endpoints.setStatus(endpoint.tenantId(), endpoint.id(), EndpointStatus.FAILING, "delivery " + delivery.id()
                + " failed " + attempts + " attempts (" + outcome(answer) + ") and was dead-lettered", now);
        log.warn("Webhook delivery {} to endpoint {} of tenant {} failed {} attempts: dead-lettered, endpoint failing",
                delivery.id(), endpoint.id(), endpoint.tenantId(), attempts);
    }

    /** Settles the row if the lease is still ours; when it ran out, the sender that took it over decides. */
    private boolean record(Delivery delivery, UUID owner, DeliveryStatus status, int attempts, Instant next,
                           Instant now, Integer code, String body, String error) {
        boolean ours = deliveries.settle(delivery.id(), owner, status, attempts, next, now, code, body, error);
        if (!ours) {
            log.warn("Webhook delivery {} to endpoint {}: the lease ran out before the answer came; not recorded",
                    delivery.id(), delivery.endpointId());
        }
        return ours;
    }

    private static String outcome(Answer answer) {
        return answer.status() != null ? "last answer " + answer.status() : String.valueOf(answer.error());
    }
}
