package dev.calibrate.app.webhooks.delivery;

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

/**
 * One attempt at a delivery, in one transaction that holds the delivery's row from before the request
 * until its outcome is recorded: another node skips it meanwhile, and a node killed mid-request leaves
 * it PENDING, so it is sent again (at-least-once). The outcome: a 2xx delivers; 410 Gone disables the
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

    public DeliveryAttempts(WebhookDeliveries deliveries, WebhookEndpoints endpoints, WebhookHttp http,
                            RetrySchedule retries, PlatformTransactionManager transactionManager, Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.http = http;
        this.retries = retries;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Sends the delivery if it is still its active endpoint's first pending one; false if it was not sent. */
    public boolean attempt(long deliveryId) {
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            Optional<Delivery> delivery = deliveries.lockFirst(deliveryId);
            Optional<WebhookEndpoint> endpoint = delivery.flatMap(d -> endpoints.find(d.endpointId()));
            if (endpoint.isEmpty() || endpoint.get().status() != EndpointStatus.ACTIVE) {
                return false;
            }
            settle(delivery.get(), endpoint.get(), send(endpoint.get(), delivery.get().eventId(), delivery.get().body()));
            return true;
        }));
    }

    /** A test event, sent now whatever the endpoint's status, not retried; answers how it went. */
    public Delivery ping(WebhookEndpoint endpoint, WebhookDeliveries.Queued event) {
        Answer answer = send(endpoint, event.eventId(), event.body());
        long id = deliveries.insertSettled(endpoint.id(), endpoint.tenantId(), DeliveryKind.PING, event,
                answer.succeeded() ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED, clock.instant(),
                answer.status(), answer.body(), answer.error());
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

    private void settle(Delivery delivery, WebhookEndpoint endpoint, Answer answer) {
        int attempts = delivery.attempts() + 1;
        Instant now = clock.instant();
        if (answer.succeeded()) {
            deliveries.record(delivery.id(), DeliveryStatus.DELIVERED, attempts, now, now, answer.status(),
                    answer.body(), null);
            return;
        }
        if (answer.status() != null && answer.status() == 410) {
            // the receiver says the endpoint is gone for good: stop, and send this one first if re-enabled
            deliveries.record(delivery.id(), DeliveryStatus.PENDING, attempts, now, now, answer.status(),
                    answer.body(), null);
            endpoints.setStatus(endpoint.tenantId(), endpoint.id(), EndpointStatus.DISABLED,
                    "the receiver answered 410 Gone", now);
            log.info("Webhook endpoint {} of tenant {} answered 410 Gone: disabled", endpoint.id(), endpoint.tenantId());
            return;
        }
        Optional<Duration> wait = retries.after(attempts, answer.status() == null ? null : answer.retryAfter());
        if (wait.isPresent()) {
            deliveries.record(delivery.id(), DeliveryStatus.PENDING, attempts, now.plus(wait.get()), now,
                    answer.status(), answer.body(), answer.error());
            return;
        }
        deliveries.record(delivery.id(), DeliveryStatus.DEAD, attempts, now, now, answer.status(), answer.body(),
                answer.error());
        endpoints.setStatus(endpoint.tenantId(), endpoint.id(), EndpointStatus.FAILING, "delivery " + delivery.id()
                + " failed " + attempts + " attempts (" + outcome(answer) + ") and was dead-lettered", now);
        log.warn("Webhook delivery {} to endpoint {} of tenant {} failed {} attempts: dead-lettered, endpoint failing",
                delivery.id(), endpoint.id(), endpoint.tenantId(), attempts);
    }

    private static String outcome(Answer answer) {
        return answer.status() != null ? "last answer " + answer.status() : String.valueOf(answer.error());
    }
}
