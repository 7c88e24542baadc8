package dev.calibrate.connectors.amazon.api;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A client-side token bucket, as Amazon documents its usage plans: {@code burst} requests at once,
 * refilled at {@code rate} per second. A caller takes a token before each request and waits for one
 * when there is none, so a paced client is rarely answered 429: it sends the moment a token is due,
 * and a request that travels faster than the one before it can reach Amazon a little early (the
 * benchmark sees one or two per sync, each costing a 0.5 s retry; a pacing margin would cost more).
 */
final class RateBucket {

    private final double rate;
    private final double burst;
    private final LongSupplier nanos;
    private double tokens;
    private long refilledAt;

    RateBucket(double rate, double burst, LongSupplier nanos) {
        this.rate = rate;
        this.burst = burst;
        this.nanos = nanos;
        this.tokens = burst;
        this.refilledAt = nanos.getAsLong();
    }

    /** Takes a token, waiting until there is one. */
    void acquire() throws InterruptedException {
        long wait = reserve();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /**
     * Takes a token now, possibly going into debt: answers how long (ns) the caller must wait before it
     * may send. Reservations queue up, so concurrent callers never exceed the rate together.
     */
    synchronized long reserve() {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) * rate / 1e9);
        refilledAt = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / rate * 1e9);
    }

    /** Amazon said 429: whatever we thought was left, it is not. */
    synchronized void drain() {
        tokens = Math.min(tokens, 0);
    }
}
