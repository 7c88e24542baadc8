package dev.calibrate.kernel.message;

/**
 * Positions in the global event stream. A write answers with the head position after it committed
 * ({@code X-Calibrate-Position}); a read given that position waits until its read model has
 * processed it, so a client sees its own writes.
 */
public interface EventPositions {

    String HEADER = "X-Calibrate-Position";
    String WAIT_HEADER = "X-Calibrate-Wait-For";

    /** The global index of the newest committed event (0 when the store is empty). */
    long head();

    /**
     * The last global index the store handed out, to a committed event or to one whose transaction has not
     * committed yet: no client can have been told a position past it. The head, where the store hands
     * positions out only as events commit (Axon Server).
     */
    default long handedOut() {
        return head();
    }
}
