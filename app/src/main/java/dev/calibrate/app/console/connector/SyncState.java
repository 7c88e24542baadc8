package dev.calibrate.app.console.connector;

/**
 * What a connector's progress box reads from the state of its last sync, the same for every channel:
 * a queued or running sync is an indeterminate bar the page polls, a finished one a badge.
 */
public interface SyncState {

    String state();

    default boolean running() {
        return "QUEUED".equals(state()) || "RUNNING".equals(state());
    }

    default boolean never() {
        return "NEVER".equals(state());
    }

    default String badge() {
        switch (state()) {
            case "COMPLETED":
                return "ok";
            case "FAILED":
                return "bad";
            case "NEVER":
                return "";
            default:
                return "warn";
        }
    }

    /** A count the report leaves out when it has nothing to count. */
    static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
