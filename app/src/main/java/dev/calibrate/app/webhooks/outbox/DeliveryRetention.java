package dev.calibrate.app.webhooks.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes settled deliveries (delivered, failed, dead) once {@link OutboxSettings#retention()} has passed
 * since their last attempt, in batches, so the outbox does not keep every delivery for ever. Pending
 * ones are never deleted. Started by the webhook dispatcher every {@link OutboxSettings#retentionInterval()},
 * on a thread of its own; a run deletes at most {@link #MAX_BATCHES} batches within {@link #MAX_RUN}.
 */
@Component
public class DeliveryRetention {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRetention.class);
    /** Batches one run deletes at most, so a run ends; what is left goes at the next. */
    static final int MAX_BATCHES = 100;
    /** And at most this long: what is left goes at the next run. */
    static final Duration MAX_RUN = Duration.ofSeconds(30);

    private final WebhookDeliveries deliveries;
    private final OutboxSettings settings;
    private final Clock clock;
    private Instant nextRun = Instant.MIN;

    public DeliveryRetention(WebhookDeliveries deliveries, OutboxSettings settings, Clock clock) {
        this.deliveries = deliveries;
        this.settings = settings;
        this.clock = clock;
    }

    /** Runs the job if its interval has passed since the last run. */
    public synchronized void runIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextRun)) {
            return;
        }
        nextRun = now.plus(settings.retentionInterval());
        purge();
    }

    /** Deletes the settled deliveries past retention; answers how many. */
    public int purge() {
        Instant cutoff = clock.instant().minus(settings.retention());
        int deleted = 0;
        long stopAt = System.nanoTime() + MAX_RUN.toNanos();
        for (int batch = 0; batch < MAX_BATCHES && System.nanoTime() - stopAt < 0; batch++) {
            int count = deliveries.deleteSettled(cutoff, settings.retentionBatch());
            deleted += count;
            if (count < settings.retentionBatch()) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("Deleted {} webhook deliveries settled before {}", deleted, cutoff);
        }
        return deleted;
    }
}
