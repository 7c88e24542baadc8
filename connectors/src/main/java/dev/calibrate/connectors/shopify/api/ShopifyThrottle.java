package dev.calibrate.connectors.shopify.api;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Paces calls to one shop from the cost bucket Shopify reports, so that calls are rarely throttled:
 * before a call it waits until the bucket (as last reported, refilled since at the restore rate)
 * holds what the call is expected to cost. Limits are read from every answer, never assumed per plan.
 * A call reserves its cost before it waits, so concurrent callers queue behind each other instead of
 * all seeing the same refilled bucket.
 */
final class ShopifyThrottle {

    private final Clock clock;
    private ThrottleStatus last;
    /** Points spent by calls sent after {@link #last} was reported whose answers are not in yet. */
    private double inFlight;

    ShopifyThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Blocks until a call costing {@code cost} should fit, then reserves it. */
    void acquire(double cost) throws InterruptedException {
        long waitMillis;
        synchronized (this) {
            waitMillis = waitMillis(cost);
            inFlight += cost;
        }
        if (waitMillis > 0) {
            TimeUnit.MILLISECONDS.sleep(waitMillis);
        }
    }

    synchronized void settle(double reserved, ThrottleStatus reported) {
        inFlight = Math.max(0, inFlight - reserved);
        if (reported != null) {
            last = reported;
        }
    }

    synchronized ThrottleStatus lastStatus() {
        return last;
    }

    private long waitMillis(double cost) {
        if (last == null || last.restoreRate() <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        double available = last.availableAt(now) - inFlight;
        double needed = Math.min(cost, last.maximumAvailable());
        if (available >= needed) {
            return 0;
        }
        return (long) Math.ceil((needed - available) / last.restoreRate() * 1000);
    }
}
