package dev.calibrate.query.feed;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The safe horizon of the event store, defined once: the highest position at or below which every
 * event is final (committed and visible, or rolled back for good), so a reader that pages by position
 * up to it never passes an event whose transaction commits later. For the event feed, its stream and
 * whatever else reads the store by position (webhook deliveries, issue 18's sealing).
 *
 * <p>How (V32, V33): a fence is the last position handed out, read first, and then a fresh transaction
 * id, in a transaction of its own. Every transaction holding one of those positions had its id before it
 * took the position (V33's trigger takes every position through V32's function, whatever the INSERT
 * says), so before the fence's. Once {@code pg_snapshot_xmin} is at or past the fence, all of them have
 * ended, and the fence's position is the horizon. A fence is taken at most every {@link #REFRESH_NANOS}
 * on this node (each burns one transaction id); when no write is in flight it passes at once.
 *
 * <p>Transaction ids and {@code pg_snapshot_xmin} are the cluster's, not the database's: a long-running
 * transaction anywhere in the PostgreSQL cluster (another database on the same server included) holds the
 * horizon back until it ends. It delays events, never loses one (docs/consumers.md says what to watch).
 */
@Component
public class SafeHorizon {

    static final long REFRESH_NANOS = 100_000_000L;
    /** Fences waiting for a long transaction to end; past this many none is added until the oldest pass. */
    private static final int MAX_PENDING = 1_000;

    private record Fence(long position, long xid) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Deque<Fence> pending = new ArrayDeque<>();
    private long horizon;
    private long refreshedAt;
    private boolean refreshed;

    public SafeHorizon(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        // the fence is a transaction of its own even when the caller is in one: its id must be new (taken
        // after the sequence was read), and it must end now, not when the caller's transaction does
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The position at or below which no event can still appear; 0 when none is known final yet. */
    public synchronized long position() {
        long now = System.nanoTime();
        if (refreshed && now - refreshedAt < REFRESH_NANOS) {
            return horizon;
        }
        if (pending.size() < MAX_PENDING) {
            pending.addLast(fence());
        }
        Long xmin = jdbc.queryForObject("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class);
        while (!pending.isEmpty() && pending.peekFirst().xid() <= xmin) {
            horizon = Math.max(horizon, pending.pollFirst().position());
        }
        refreshedAt = System.nanoTime();
        refreshed = true;
        return horizon;
    }

    /** The last position handed out, then (in that order) a new transaction id: see the class comment. */
    private Fence fence() {
        return transactions.execute(tx -> {
            // committed synchronously on purpose: its commit flushes the WAL past the sequence's record of every
            // position up to the fence, so a crash cannot hand out again a position readers have passed
            Long taken = jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END"
                    + " FROM domainevententry_globalindex_seq", Long.class);
            Long xid = jdbc.queryForObject("SELECT pg_current_xact_id()::text::bigint", Long.class);
            return new Fence(taken, xid);
        });
    }
}
