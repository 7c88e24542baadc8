package dev.calibrate.app.webhooks.outbox;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * The "now" of leases, due checks and retry times in the outbox: the DATABASE's clock, so that nodes
 * whose clocks disagree still agree on when a lease ran out and a retry is due. {@link #now()} is null
 * then, and the statements read {@code clock_timestamp()} ({@link #SQL}). The one seam: an application
 * given a clock of its own (the tests' fake clock, which makes retries due without waiting) has that
 * clock's instant used instead, in the same statements.
 */
@Component
public class OutboxTime {

    /** The instant of {@link #now()}, or the database's clock when null; takes one parameter. */
    static final String SQL = "COALESCE(CAST(? AS timestamptz), clock_timestamp())";

    private final Clock clock;
    private final boolean database;

    public OutboxTime(Clock clock) {
        this.clock = clock;
        this.database = clock.getClass() == Clock.systemUTC().getClass();
    }

    /** The parameter of {@link #SQL}: null for the database's clock, else the application clock's instant. */
    @Nullable
    public Instant now() {
        return database ? null : clock.instant();
    }
}
