package dev.calibrate.command.pricechange.run;

import java.time.Duration;

/**
 * How often a price change run is tried before the change ends FAILED, and how long it waits after
 * its first failure; each further failure doubles the wait, up to {@link #LONGEST_WAIT}.
 */
public record RunAttempts(int max, Duration firstBackoff) {

    static final Duration LONGEST_WAIT = Duration.ofHours(1);

    public RunAttempts {
        if (max < 1) {
            throw new IllegalArgumentException("a run needs at least one attempt, not " + max);
        }
        if (firstBackoff == null || firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new IllegalArgumentException("the wait after a failed run must be positive, not " + firstBackoff);
        }
    }

    /** The wait before the next attempt, once the run failed {@code failures} times in a row. */
    Duration backoffAfter(int failures) {
        Duration wait = firstBackoff;
        for (int i = 1; i < failures && wait.compareTo(LONGEST_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST_WAIT) < 0 ? wait : LONGEST_WAIT;
    }
}
