package dev.calibrate.query.feed;

/**
 * Which of the event store's rows a reader may pass for good: the one definition of the safe
 * horizon, for the event feed, its stream and whatever else pages the store by position (webhook
 * deliveries, issue 18's sealing).
 *
 * <p>Positions are taken when a row is inserted, not when its transaction commits, so a lower
 * position can become visible after a higher one. Each row records {@code settles_at} (V32): a
 * transaction id above that of every transaction which held a position before it. Once the oldest
 * transaction still running is at or past it, every position below the row's is final (committed and
 * visible, or rolled back for good). A reader walks positions in order and stops at the first row
 * that is not yet settled: everything before it can be served and never gains a late event.
 *
 * <p>The predicate reads the statement's own snapshot, so it agrees with what the same statement sees.
 * Rows stored before V32 have no {@code settles_at} and count as settled. A long-running writing
 * transaction anywhere in the database holds the horizon back (it delays, never loses).
 */
public final class SafeHorizon {

    /** True for a row no event of a lower position can still appear before; SQL, on {@code domainevententry}. */
    public static final String SETTLED =
            "(settles_at IS NULL OR settles_at <= pg_snapshot_xmin(pg_current_snapshot()))";

    private SafeHorizon() {
    }
}
