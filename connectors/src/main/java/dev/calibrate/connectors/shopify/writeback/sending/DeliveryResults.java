package dev.calibrate.connectors.shopify.writeback.sending;

import dev.calibrate.connectors.shopify.ShopifyMetrics;
import dev.calibrate.connectors.shopify.writeback.DeliveryOutcome;
import dev.calibrate.connectors.shopify.writeback.DeliveryOutcomes;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.calibrate.connectors.shopify.writeback.sending.WriteBackShop.productIds;

/**
 * Records what one answer of Shopify's (a call's, or one line of a bulk mutation's results) said about
 * the prices it carried: confirmed, refused, not written, or no answer at all (a transient failure).
 */
class DeliveryResults {

    private final ShopifyDeliveries deliveries;
    private final DeliveryOutcomes outcomes;
    private final DeliveryFailurePolicy failures;
    private final ShopifyMetrics metrics;
    private final Clock clock;

    DeliveryResults(ShopifyDeliveries deliveries, DeliveryOutcomes outcomes, DeliveryFailurePolicy failures,
                    ShopifyMetrics metrics, Clock clock) {
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        this.failures = failures;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs inside the caller's transaction. */
    void record(PriceCall.Result result, List<Delivery> sent) {
        Instant now = clock.instant();
        if (result.unanswered() != null) {
            failures.retryLater(sent, result.unanswered());
            return;
        }
        List<DeliveryOutcome> decided = new ArrayList<>();
        for (Delivery confirmed : deliveries.confirmed(result.synced(), now)) {
            decided.add(DeliveryOutcome.synced(confirmed.intent()));
            metrics.confirmed(Duration.between(confirmed.intent().intendedAt(), now));
        }
        result.failed().forEach((delivery, errors) -> {
            String reason = PriceCall.reason(errors);
            if (deliveries.failed(delivery, reason, errors)) {
                decided.add(DeliveryOutcome.failed(delivery.intent(), reason, errors));
            }
        });
        if (!result.unwritten().isEmpty()) {
            deliveries.release(result.unwritten().get(0).intent().tenantId(), productIds(result.unwritten()));
        }
        outcomes.recordAll(decided, now);
        metrics.delivered("synced", result.synced().size());
        metrics.delivered("failed", result.failed().size());
    }
}
