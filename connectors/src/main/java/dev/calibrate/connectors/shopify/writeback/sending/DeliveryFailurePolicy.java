package dev.calibrate.connectors.shopify.writeback.sending;

import dev.calibrate.connectors.shopify.ShopifyMetrics;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyAccessTokens;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.writeback.DeliveryOutcome;
import dev.calibrate.connectors.shopify.writeback.DeliveryOutcomes;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries;
import dev.calibrate.connectors.shopify.writeback.sending.WriteBackShop.StopShop;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static dev.calibrate.connectors.shopify.writeback.sending.WriteBackShop.productIds;

/**
 * What a failure means for the prices a call (or a bulk mutation) carried, the same for both ways of
 * sending: a refused token stops the shop's round, a refusal fails the prices for good, and anything
 * transient sends them again after their backoff until their attempts are spent.
 */
class DeliveryFailurePolicy {

    private static final Logger log = LoggerFactory.getLogger(DeliveryFailurePolicy.class);

    private final ShopifyDeliveries deliveries;
    private final DeliveryOutcomes outcomes;
    private final ShopifyConnections connections;
    private final ShopifyAccessTokens tokens;
    private final DeliveryBackoff backoff;
    private final ShopifyMetrics metrics;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DeliveryFailurePolicy(ShopifyDeliveries deliveries, DeliveryOutcomes outcomes, ShopifyConnections connections,
                          ShopifyAccessTokens tokens, DeliveryBackoff backoff, ShopifyMetrics metrics,
                          TransactionTemplate transaction, Clock clock) {
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        this.connections = connections;
        this.tokens = tokens;
        this.backoff = backoff;
        this.metrics = metrics;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A call that did not get through: what its kind of failure means for the prices it carried. */
    void failedCall(WriteBackShop shop, List<Delivery> sent, ShopifyException e) {
        switch (e.kind()) {
            case UNAUTHORIZED -> {
                deliveries.release(shop.tenantId(), productIds(sent));
                if (shop.connection().kind() == ShopConnection.Kind.OAUTH) {
                    // an expiring token may have died early: a refresh (which marks the connection
                    // TOKEN_INVALID when Shopify refuses it) decides whether writes go on next round
                    tokens.refresh(shop.connection());
                    throw new StopShop("the access token was refused and has been refreshed");
                }
                connections.status(shop.tenantId(), ShopConnection.Status.TOKEN_INVALID, e.getMessage());
                log.warn("Shopify refused the access token of {}; price writes wait for a new one", shop.domain());
                throw new StopShop("the access token was refused");
            }
            case REJECTED -> transaction.executeWithoutResult(tx -> failAll(sent, e.getMessage(), List.of()));
            case THROTTLED, EXCEEDS_BUCKET, UNAVAILABLE, NOT_FOUND, CIRCUIT_OPEN -> {
                transaction.executeWithoutResult(tx -> retryLater(sent, e.getMessage()));
                if (e.kind() == ShopifyException.Kind.CIRCUIT_OPEN) {
                    throw new StopShop(e.getMessage());
                }
            }
        }
    }

    /** Shopify refused every one of these prices for good; runs inside the caller's transaction. */
    void failAll(List<Delivery> sent, String reason, List<ChannelError> errors) {
        List<DeliveryOutcome> failed = new ArrayList<>();
        for (Delivery delivery : sent) {
            if (deliveries.failed(delivery, reason, errors)) {
                failed.add(DeliveryOutcome.failed(delivery.intent(), reason, errors));
            }
        }
        outcomes.recordAll(failed, clock.instant());
        metrics.delivered("failed", failed.size());
    }

    /**
     * A transient failure: each price goes again after its backoff, or is given up after its last
     * attempt. Runs inside the caller's transaction.
     */
    void retryLater(List<Delivery> sent, String error) {
        Instant now = clock.instant();
        List<DeliveryOutcome> givenUp = new ArrayList<>();
        for (Delivery delivery : sent) {
            int spent = delivery.attempts() + 1;
            Optional<Instant> next = backoff.nextAttempt(spent, now, ThreadLocalRandom.current().nextDouble());
            if (next.isPresent()) {
                deliveries.retryLater(delivery, error, next.get());
            } else {
                String reason = "Shopify could not be reached after " + spent + " attempts: " + error;
                if (deliveries.failed(delivery, reason, List.of())) {
                    givenUp.add(DeliveryOutcome.failed(delivery.intent(), reason, List.of()));
                }
            }
        }
        outcomes.recordAll(givenUp, now);
        metrics.delivered("retried", sent.size() - givenUp.size());
        metrics.delivered("failed", givenUp.size());
    }
}
