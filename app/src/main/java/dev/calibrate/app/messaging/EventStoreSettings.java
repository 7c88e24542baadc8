package dev.calibrate.app.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the node's tracking processors read the event store ({@code calibrate.event-store.*}).
 *
 * @param sharedEvents   the newest events one node keeps in memory for all its tracking processors
 *                       at once: a processor no further behind the head than this reads them from
 *                       there, already fetched and (once one processor has read them) deserialized;
 *                       one further behind reads the store on its own until it catches up. Bounds
 *                       that memory (about 2.5 KB per event once read)
 * @param fetchBatchSize events per query when a processor or the shared cache reads the store
 * @param gapTimeout     how long a tracking processor keeps waiting for a position that is not committed
 *                       yet (a gap: a transaction that took its position before a later one committed)
 *                       before it stops looking back for it. Axon's default, 60 s. A transaction that
 *                       commits later than this after taking its position is missed by the read models
 *                       (not by the event feed, which reads below its safe horizon and has no timeout),
 *                       so it must cover the longest writing transaction
 */
@ConfigurationProperties("calibrate.event-store")
public record EventStoreSettings(@DefaultValue("50000") int sharedEvents,
                                 @DefaultValue("1000") int fetchBatchSize,
                                 @DefaultValue("60s") Duration gapTimeout) {

    public EventStoreSettings {
        if (sharedEvents < 1 || sharedEvents > 1_000_000) {
            throw new IllegalArgumentException("calibrate.event-store.shared-events must be 1 to 1,000,000, not " + sharedEvents);
        }
        if (fetchBatchSize < 1 || fetchBatchSize > 10_000) {
            throw new IllegalArgumentException("calibrate.event-store.fetch-batch-size must be 1 to 10,000, not " + fetchBatchSize);
        }
        if (gapTimeout.compareTo(Duration.ofMillis(100)) < 0 || gapTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("calibrate.event-store.gap-timeout must be 100ms to 1h, not " + gapTimeout);
        }
    }
}
