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
}
