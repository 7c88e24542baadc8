package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.app.webhooks.endpoint.EndpointStatus;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoint;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoints;
import dev.calibrate.app.webhooks.sending.WebhookHttp;
import dev.calibrate.app.webhooks.sending.WebhookHttp.Answer;
import dev.calibrate.app.webhooks.sending.WebhookSignature;
import dev.calibrate.kernel.error.NotFound;
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
 * leaves a lease that runs out ({@link #lease()}), and the row is sent again (at-least-once). The lease
 * counts the attempt and moves the row to its next retry time, so an outcome never recorded (a node
 * died, or the answer came after the lease ran out and another sender took the row) still counts, and
 * backs off. Leases and due times are on the database's clock ({@link OutboxTime}).
 * The outcome: a 2xx delivers; 410 Gone disables the endpoint (the delivery waits for it to be re-enabled); anything else is retried on the
 * {@link RetrySchedule}, and after its last step the delivery is dead and the endpoint failing.
 */
@Component
public class DeliveryAttempts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);
    /** Pings kept per endpoint: a tenant pinging in a loop cannot grow the table. */
    public static final int KEPT_PINGS = 20;

    private final WebhookDeliveries deliveries;
    private final WebhookEndpoints endpoints;
    private final WebhookHttp http;
    private final RetrySchedule retries;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final OutboxTime time;
    private final Duration lease;

    public DeliveryAttempts(WebhookDeliveries deliveries, WebhookEndpoints endpoints, WebhookHttp http,
                            RetrySchedule retries, PlatformTransactionManager transactionManager,
                            WebhookSettings settings, Clock clock, OutboxTime time) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.http = http;
        this.retries = retries;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.time = time;
        this.lease = lease(settings);
    }

    /**
     * The request's deadline plus a margin (the timeout, at least a second) for reading the secret and
     * settling: a lease outlives the request it covers. A configuration where it would not is refused.
     */
    static Duration lease(WebhookSettings settings) {
        Duration deadline = settings.requestDeadline();
        if (settings.timeout().isNegative() || settings.timeout().isZero() || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalStateException("calibrate.webhooks.timeout and calibrate.webhooks.deadline must be"
                    + " positive: a delivery's lease must outlive its request");
        }
        Duration margin = settings.timeout().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : settings.timeout();
        return deadline.plus(margin);
    }

    /** How long a sender has a delivery before another may send it again. */
    Duration lease() {
        return lease;
    }

    /**
     * Sends the delivery if it is due and still its active endpoint's first pending one; false if it was
     * not sent, or its outcome was not recorded (the lease ran out first).
     */
    public boolean attempt(long deliveryId) {
        UUID owner = UUID.randomUUID();
        List<Duration> waits = retries.waits().isEmpty() ? List.of(lease) : retries.waits();
        Optional<Delivery> delivery = deliveries.lease(deliveryId, owner, time.now(), lease, waits);
        Optional<WebhookEndpoint> endpoint = delivery.flatMap(d -> endpoints.find(d.endpointId()));
        if (delivery.isEmpty()) {
            return false;
        }
        if (endpoint.isEmpty() || endpoint.get().status() != EndpointStatus.ACTIVE) {
            // paused meanwhile: give the row back as it was
            deliveries.release(deliveryId, owner, time.now());
            return false;
        }
        Answer answer = send(endpoint.get(), delivery.get().eventId(), delivery.get().body());
        return Boolean.TRUE.equals(transactions.execute(tx -> settle(delivery.get(), owner, endpoint.get(), answer)));
    }

    /**
     * A test event, sent now whatever the endpoint's status, not retried; answers how it went. Only the
     * endpoint's last {@link #KEPT_PINGS} pings are kept: older ones are deleted as a new one is recorded.
     * A {@link NotFound} when the endpoint was deleted while the ping was on its way: nothing is recorded.
     */
    public Delivery ping(WebhookEndpoint endpoint, WebhookDeliveries.Queued event) {
        Answer answer = send(endpoint, event.eventId(), event.body());
        Optional<Long> id = transactions.execute(tx -> {
            Optional<Long> inserted = deliveries.insertSettled(endpoint.id(), endpoint.tenantId(), DeliveryKind.PING,
                    event, answer.succeeded() ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED, clock.instant(),
                    answer.status(), ResponseText.clean(answer.body()), ResponseText.clean(answer.error()));
            inserted.ifPresent(ignored -> deliveries.keepLastPings(endpoint.id(), KEPT_PINGS));
            return inserted;
        });
        return id.flatMap(inserted -> deliveries.find(endpoint.tenantId(), inserted))
                .orElseThrow(() -> new NotFound("webhook endpoint"));
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

    /** Records the outcome; false when the lease ran out first and nothing was recorded. */
    private boolean settle(Delivery delivery, UUID owner, WebhookEndpoint endpoint, Answer answer) {
        int attempts = delivery.attempts(); // the lease counted this attempt
        String body = ResponseText.clean(answer.body());
        String error = ResponseText.clean(answer.error());
        if (answer.succeeded()) {
            return record(delivery, owner, DeliveryStatus.DELIVERED, attempts, Duration.ZERO, answer.status(), body,
                    null);
        }
        if (answer.status() != null && answer.status() == 410) {
            // the receiver says the endpoint is gone for good: stop, and send this one first if re-enabled
            if (!record(delivery, owner, DeliveryStatus.PENDING, attempts, Duration.ZERO, answer.status(), body,
                    null)) {
                return false;
            }
            endpoints.setStatus(endpoint.tenantId(), endpoint.id(), EndpointStatus.DISABLED,
                    "the receiver answered 410 Gone", clock.instant());
            log.info("Webhook endpoint {} of tenant {} answered 410 Gone: disabled", endpoint.id(), endpoint.tenantId());
            return true;
        }
        Optional<Duration> wait = retries.after(attempts, answer.status() == null ? null : answer.retryAfter());
        if (wait.isPresent()) {
            return record(delivery, owner, DeliveryStatus.PENDING, attempts, wait.get(), answer.status(), body, error);
        }
        if (!record(delivery, owner, DeliveryStatus.DEAD, attempts, Duration.ZERO, answer.status(), body, error)) {
            return false;
        }
        endpoints.setStatus(endpoint.tenantId(), endpoint.id(), EndpointStatus.FAILING, "delivery " + delivery.id()
                + " failed " + attempts + " attempts (" + ResponseText.clean(outcome(answer)) + ") and was dead-lettered",
                clock.instant());
        log.warn("Webhook delivery {} to endpoint {} of tenant {} failed {} attempts: dead-lettered, endpoint failing",
                delivery.id(), endpoint.id(), endpoint.tenantId(), attempts);
        return true;
    }

    /** Settles the row if the lease is still ours; when it ran out, the sender that took it over decides. */
    private boolean record(Delivery delivery, UUID owner, DeliveryStatus status, int attempts, Duration wait,
                           Integer code, String body, String error) {
        boolean ours = deliveries.settle(delivery.id(), owner, status, attempts, wait, time.now(), code, body, error);
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
