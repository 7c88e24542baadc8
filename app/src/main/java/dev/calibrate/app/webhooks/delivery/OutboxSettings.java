package dev.calibrate.app.webhooks.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Bounds of the outbox ({@code calibrate.webhooks.outbox.*}; docs/consumers.md, "Webhooks").
 *
 * @param maxPendingPerEndpoint deliveries one endpoint may have waiting; past it the feeder stops
 *                              queueing (its cursor stays, nothing is lost) and a replay queues fewer
 * @param replayMaxPending      a replay is refused (409) while the endpoint has more than this waiting
 * @param retention             settled deliveries (delivered, failed, dead) are deleted this long after
 *                              their last attempt
 * @param retentionBatch        rows deleted per statement, so no run holds many locks for long
 * @param retentionInterval     how often a node runs the retention job
 */
@ConfigurationProperties("calibrate.webhooks.outbox")
public record OutboxSettings(@DefaultValue("1000") int maxPendingPerEndpoint,
                             @DefaultValue("100") int replayMaxPending,
                             @DefaultValue("30d") Duration retention,
                             @DefaultValue("1000") int retentionBatch,
                             @DefaultValue("1h") Duration retentionInterval) {

    /** A configuration that could not bound the outbox is refused at startup. */
    public OutboxSettings {
        if (maxPendingPerEndpoint < 1 || replayMaxPending < 0 || retentionBatch < 1) {
            throw new IllegalArgumentException("calibrate.webhooks.outbox: max-pending-per-endpoint and"
                    + " retention-batch must be at least 1, replay-max-pending at least 0");
        }
        if (replayMaxPending >= maxPendingPerEndpoint) {
            throw new IllegalArgumentException("calibrate.webhooks.outbox.replay-max-pending must be below"
                    + " max-pending-per-endpoint, or a replay could find no room");
        }
        if (!positive(retention) || !positive(retentionInterval)) {
            throw new IllegalArgumentException("calibrate.webhooks.outbox: retention and retention-interval must"
                    + " be positive");
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
