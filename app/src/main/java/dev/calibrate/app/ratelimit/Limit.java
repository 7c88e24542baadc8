package dev.calibrate.app.ratelimit;

import java.time.Duration;

/**
 * A token bucket: {@code perSecond} permits a second, at most {@code burst} saved up.
 *
 * @param perSecond the refill rate
 * @param burst     the bucket's size, and so the most requests a quiet caller may send at once
 */
public record Limit(double perSecond, int burst) {

    /** Permits a node leases at once: {@code fraction} of the burst, at least one. */
    int batch(double fraction) {
        return Math.max(1, Math.min(burst, (int) Math.floor(burst * fraction)));
    }

    /** How long an empty bucket takes to fill again: the window of the RateLimit-Policy header. */
    long windowSeconds() {
        return Math.max(1, (long) Math.ceil(burst / perSecond - 1e-9));
    }

    /**
     * How long the bucket takes to gain {@code permits}, rounded up to whole microseconds plus one: the
     * database keeps microseconds, and a wait cut short by its rounding would find a level a hair below a
     * whole permit (a lease of none).
     */
    Duration timeFor(double permits) {
        if (permits <= 0) {
            return Duration.ZERO;
        }
        long micros = (long) Math.ceil(permits / perSecond * 1_000_000L) + 1;
        return Duration.ofNanos(micros * 1_000L);
    }
}
