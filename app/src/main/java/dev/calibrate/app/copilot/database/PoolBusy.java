package dev.calibrate.app.copilot.database;

import dev.calibrate.kernel.error.Rejection;

import java.time.Duration;
import java.util.Optional;

/** Every copilot connection is busy answering other questions: a 429 the caller retries, never a wait of 30 s. */
public final class PoolBusy extends Rejection {

    PoolBusy() {
        super("every copilot connection is answering another question; try again in a moment");
    }

    @Override
    public Kind kind() {
        return Kind.TOO_MANY_REQUESTS;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(Duration.ofSeconds(1));
    }
}
