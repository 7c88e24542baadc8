package dev.calibrate.app.webhooks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it: retries come due when the test says, never by sleeping. */
public final class FakeClock extends Clock {

    private final AtomicReference<Instant> now;

    public FakeClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
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
        return this;
    }

    /**
     * Adds the fake clock to an application, in place of the system clock, when the test lists it among the
     * application's sources. Deliberately NOT a {@code @Configuration}: the application scans dev.calibrate, test
     * classes included, so an annotated one here was picked up by EVERY application a test starts, whose
     * webhook outbox then ran on a clock that never moves (a retry set 1 s ahead never came due). Its
     * {@code @Bean} method is read all the same when the class is a source ("lite" mode).
     */
    public static class Wiring {

        @Bean
        @Primary
        FakeClock fakeClock() {
            return new FakeClock(Instant.now());
        }
    }
}
