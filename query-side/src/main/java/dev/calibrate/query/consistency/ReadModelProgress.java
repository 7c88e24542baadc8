package dev.calibrate.query.consistency;

import dev.calibrate.kernel.message.EventPositions;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
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
    private final EventPositions positions;
    private final Serializer serializer;
    private final Duration maxWait;
    /**
     * Each processor's stored positions by segment, as last read from the token store: read at most once per
     * {@link #STORED_FRESH} however many requests wait (a read that waits 5 s polls hundreds of times).
     */
    private final Map<String, StoredPositions> stored = new ConcurrentHashMap<>();
    private static final long STORED_FRESH = Duration.ofMillis(100).toNanos();
    private static final long FIRST_POLL = Duration.ofMillis(10).toNanos();
    private static final long LONGEST_POLL = Duration.ofMillis(100).toNanos();

    public ReadModelProgress(EventProcessingConfiguration processing, JdbcTemplate jdbc, EventPositions positions,
                             Serializer serializer, @Value("${calibrate.consistency.max-wait:5s}") Duration maxWait) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.positions = positions;
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
        long head = positions.handedOut();
        if (position > head) {
            throw new PositionNeverWritten(position, head);
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        long poll = FIRST_POLL;
        while (!reached(processingGroup, position)) {
            if (System.nanoTime() > deadline) {
                throw new ReadModelBehind(processingGroup, position);
            }
            LockSupport.parkNanos(poll);
            poll = Math.min(LONGEST_POLL, poll * 2);
        }
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
        Map<Integer, Long> others = storedPositions(processingGroup);
        if (others.isEmpty()) {
            // a processor whose tokens are not in the store (kept in memory) is this node's alone
            return !local.isEmpty();
        }
        // the segments this node holds by their live status (the freshest there is), the others by their tokens
        return others.entrySet().stream().filter(segment -> !local.containsKey(segment.getKey()))
                .allMatch(segment -> segment.getValue() >= position);
    }

    /** The processor's stored position per segment, read afresh at most every {@link #STORED_FRESH}. */
    private Map<Integer, Long> storedPositions(String processingGroup) {
        return stored.compute(processingGroup, (group, cached) -> {
            long now = System.nanoTime();
            if (cached != null && now - cached.readAt() < STORED_FRESH) {
                return cached;
            }
            Map<Integer, Long> positions = new HashMap<>();
            jdbc.query("SELECT segment, token, tokentype FROM tokenentry WHERE processorname = ?",
                    (RowCallbackHandler) row -> positions.put(row.getInt(1),
                            position(new StoredToken(row.getBytes(2), row.getString(3)))), group);
            return new StoredPositions(now, Map.copyOf(positions));
        }).bySegment();
    }

    private long position(StoredToken stored) {
        if (stored.token() == null || stored.type() == null) {
            return -1;
        }
        TrackingToken token = serializer.deserialize(
                new SimpleSerializedObject<>(stored.token(), byte[].class, stored.type(), null));
        return token == null ? -1 : token.position().orElse(-1);
    }

    private record StoredPositions(long readAt, Map<Integer, Long> bySegment) {
    }

    private record StoredToken(byte[] token, String type) {
    }
}
