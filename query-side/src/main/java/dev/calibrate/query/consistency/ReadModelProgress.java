package dev.calibrate.query.consistency;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-your-writes: a read carrying {@code X-Calibrate-Wait-For: <position>} waits (bounded) until
 * the read model's event processor has handled every event up to that global position, in every one of its
 * segments. A position past the last one the event store handed out is refused at once: nobody wrote it, so
 * nothing would come.
 * <p>
 * With several nodes a segment may be processed on another node: this node's processor knows only the
 * segments it holds, so when it does not hold them all the others' positions are read from the token store
 * (the tokens their nodes store after each batch). Answering from the local segments alone let a node holding
 * one of the catalog's two segments answer before the other had the write, and one holding none wait forever.
 */
@Component
public class ReadModelProgress {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Duration maxWait;
    /** Segments per processor as last read from the token store; changes only by a split or merge. */
    private final Map<String, Integer> segmentCounts = new ConcurrentHashMap<>();

    public ReadModelProgress(EventProcessingConfiguration processing, JdbcTemplate jdbc, Serializer serializer,
                             @Value("${calibrate.consistency.max-wait:5s}") Duration maxWait) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.serializer = serializer;
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
        Map<Integer, EventTrackerStatus> local = processor.get().processingStatus();
        if (!local.values().stream().allMatch(s -> s.getCurrentPosition().orElse(-1) >= position)) {
            return false;
        }
        Integer segments = segmentCounts.get(processingGroup);
        if (segments != null && !local.isEmpty() && local.size() == segments) {
            // this node holds every segment: its own status is the freshest there is
            return true;
        }
        return reachedInTokenStore(processingGroup, local, position);
    }

    /** Every segment this node does not hold has a stored token at or past {@code position}. */
    private boolean reachedInTokenStore(String processingGroup, Map<Integer, EventTrackerStatus> local, long position) {
        List<StoredToken> stored = jdbc.query("SELECT segment, token, tokentype FROM tokenentry WHERE processorname = ?",
                (row, i) -> new StoredToken(row.getInt(1), row.getBytes(2), row.getString(3)), processingGroup);
        if (stored.isEmpty()) {
            // a processor whose tokens are not in the store (kept in memory) is this node's alone
            return !local.isEmpty();
        }
        segmentCounts.put(processingGroup, stored.size());
        return stored.stream().filter(token -> !local.containsKey(token.segment()))
                .allMatch(token -> position(token) >= position);
    }

    private long position(StoredToken stored) {
        if (stored.token() == null || stored.type() == null) {
            return -1;
        }
        TrackingToken token = serializer.deserialize(
                new SimpleSerializedObject<>(stored.token(), byte[].class, stored.type(), null));
        return token == null ? -1 : token.position().orElse(-1);
    }

    private record StoredToken(int segment, byte[] token, String type) {
    }
}
