package dev.calibrate.app.webhooks.outbox;

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
 * @param replayMaxPages        feed pages one replay request reads at most (each up to the feed's scan
 *                              window): a sparse range answers where it got to, and is continued from there
 * @param replayMaxDuration     and how long it reads them at most, so a replay holds a request thread and
 *                              a connection briefly whatever the range
 */
@ConfigurationProperties("calibrate.webhooks.outbox")
public record OutboxSettings(@DefaultValue("1000") int maxPendingPerEndpoint,
                             @DefaultValue("100") int replayMaxPending,
                             @DefaultValue("30d") Duration retention,
                             @DefaultValue("1000") int retentionBatch,
                             @DefaultValue("1h") Duration retentionInterval,
                             @DefaultValue("20") int replayMaxPages,
                             @DefaultValue("2s") Duration replayMaxDuration) {

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
        if (!positive(retention) || !positive(retentionInterval) || !positive(replayMaxDuration)) {
            throw new IllegalArgumentException("calibrate.webhooks.outbox: retention, retention-interval and"
                    + " replay-max-duration must be positive");
        }
        if (replayMaxPages < 1) {
            throw new IllegalArgumentException("calibrate.webhooks.outbox.replay-max-pages must be at least 1");
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
