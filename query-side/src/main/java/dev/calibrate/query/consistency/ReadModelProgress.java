package dev.calibrate.query.consistency;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-your-writes: a read carrying {@code X-Calibrate-Wait-For: <position>} waits (bounded) until
 * the read model's event processor has handled every event up to that global position. A position past
 * the last one the event store handed out is refused at once: nobody wrote it, so nothing would come.
 */
@Component
public class ReadModelProgress {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Duration maxWait;

    public ReadModelProgress(EventProcessingConfiguration processing, JdbcTemplate jdbc,
                             @Value("${calibrate.consistency.max-wait:5s}") Duration maxWait) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.maxWait = maxWait;
    }

    /**
     * Returns once {@code processingGroup} has reached {@code position}; 503 problem after the max wait,
     * 400 at once for a position the store never handed out.
     */
    public void awaitPosition(String processingGroup, Long position) {
        if (position == null || position <= 0 || reached(processingGroup, position)) {
            return;
        }
        long head = head();
        if (position > head) {
            throw new PositionNeverWritten(position, head);
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!reached(processingGroup, position)) {
            if (System.nanoTime() > deadline) {
                throw new ReadModelBehind(processingGroup, position);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** The last position the event store handed out (its sequence's, taken or not committed yet). */
    private long head() {
        Long head = jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE 0 END"
                + " FROM domainevententry_globalindex_seq", Long.class);
        return head == null ? 0 : head;
    }

    public boolean reached(String processingGroup, long position) {
        Optional<StreamingEventProcessor> processor =
                processing.eventProcessor(processingGroup, StreamingEventProcessor.class);
        if (processor.isEmpty()) {
            throw new IllegalArgumentException("no event processor " + processingGroup);
        }
        Map<Integer, EventTrackerStatus> status = processor.get().processingStatus();
        if (status.isEmpty()) {
            return false;
        }
        return status.values().stream().allMatch(s -> s.getCurrentPosition().orElse(-1) >= position);
    }
}
