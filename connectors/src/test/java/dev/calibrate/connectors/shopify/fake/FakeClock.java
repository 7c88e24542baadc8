package dev.calibrate.connectors.shopify.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when a test moves it. Give it to {@link FakeShopify#FakeShopify(Clock)}
 * to make the cost bucket refill, token expiry and {@code updatedAt} stamps deterministic.
 * Thread-safe: the fake's server threads read it while the test advances it.
 */
public final class FakeClock extends Clock {

    private final AtomicReference<Instant> now;

    /** A clock standing still at {@code start}. */
    public FakeClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("FakeClock is always UTC");
    }
}
