package dev.calibrate.query.feed;

import dev.calibrate.kernel.error.Rejection;

import java.time.Duration;
import java.util.Optional;

/** The tenant already holds as many event streams open on this node as it may. */
final class TooManyStreams extends Rejection {

    private final Duration retryAfter;

    TooManyStreams(int open, Duration retryAfter) {
        super("this tenant already has " + open + " event streams open, as many as it may; close one, or page "
                + "GET /api/v1/events instead");
        this.retryAfter = retryAfter;
    }

    @Override
    public Kind kind() {
        return Kind.TOO_MANY_REQUESTS;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }
}
