package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.app.webhooks.endpoint.EndpointStatus;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoint;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoints;
import dev.calibrate.app.webhooks.outbox.Delivery;
import dev.calibrate.app.webhooks.outbox.DeliveryKind;
import dev.calibrate.app.webhooks.outbox.DeliveryStatus;
import dev.calibrate.app.webhooks.outbox.OutboxTime;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries;
import dev.calibrate.app.webhooks.sending.WebhookHttp.Answer;
import dev.calibrate.app.webhooks.sending.WebhookHttp;
import dev.calibrate.app.webhooks.sending.WebhookSignature;
import dev.calibrate.kernel.error.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.Nullable;
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
    private final Duration settleMargin;

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
        this.settleMargin = settleMargin(settings);
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
        return deadline.plus(settleMargin(settings));
    }

    /** What a lease keeps after its request for settling: the timeout, at least a second. */
    static Duration settleMargin(WebhookSettings settings) {
        return settings.timeout().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : settings.timeout();
    }

    /** How long a sender has a delivery before another may send it again. */
    Duration lease() {
        return lease;
    }

    /**
     * Sends the delivery if it is due and still its active endpoint's first pending one; false if it was
     * not sent, or its outcome was not recorded (the lease ran out first).
     * <p>
     * The endpoint and its secrets are read BEFORE the lease is taken, and the request's deadline is what the
     * lease leaves of it after the margin for settling (measured from before the lease was asked for): however
     * long reading, decrypting or taking the lease took, the request ends before the lease does, so no other
     * sender can take the row over while this one is still sending it. A request that could not be tried for
     * a reason not the endpoint's (no room to look its name up now) gives the row back as it was, due now: the
     * attempt the lease counted is taken back.
     */
    public boolean attempt(long deliveryId, WebhookId endpointId) {
        Optional<WebhookEndpoint> endpoint = endpoints.find(endpointId);
        if (endpoint.isEmpty() || endpoint.get().status() != EndpointStatus.ACTIVE) {
            return false;
        }
        Signing signing = signing(endpoint.get(), clock.instant());
        UUID owner = UUID.randomUUID();
        List<Duration> waits = retries.waits().isEmpty() ? List.of(lease) : retries.waits();
        long askedAt = System.nanoTime();
        Optional<Delivery> delivery = deliveries.lease(deliveryId, owner, time.now(), lease, waits);
        if (delivery.isEmpty()) {
            return false;
        }
        if (!delivery.get().endpointId().equals(endpointId)) {
            deliveries.release(deliveryId, owner, time.now());
            return false;
        }
        Duration left = lease.minus(settleMargin).minus(Duration.ofNanos(System.nanoTime() - askedAt));
        Answer answer = send(endpoint.get(), signing, delivery.get().eventId(), delivery.get().body(), left);
        if (answer.notAttempted()) {
            // not the endpoint's fault: not an attempt; it is due again at once, and waits its turn
            deliveries.release(deliveryId, owner, time.now());
            return false;
        }
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
        return send(endpoint, signing(endpoint, clock.instant()), eventId, body, lease);
    }

    /** The secrets that sign a request to the endpoint now, or none when they cannot be opened. */
    private record Signing(@Nullable List<String> secrets) {
    }

    private Signing signing(WebhookEndpoint endpoint, Instant now) {
        try {
            return new Signing(endpoints.signingSecrets(endpoint.tenantId(), endpoint.id(), now));
        } catch (RuntimeException unreadable) {
            // never the secret nor the exception's text (recorded, so shown to the tenant): only that it could not be opened
            log.warn("The signing secret of webhook endpoint {} of tenant {} cannot be opened", endpoint.id(),
                    endpoint.tenantId(), unreadable);
            return new Signing(null);
        }
    }

    private Answer send(WebhookEndpoint endpoint, Signing signing, String eventId, String body, Duration within) {
        if (signing.secrets() == null) {
            return new Answer(null, null, null, "signing secret unreadable", false);
        }
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", eventId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.header(signing.secrets(), eventId, timestamp, body));
        return http.post(endpoint.tenantId(), endpoint.url(), headers, body, within);
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
