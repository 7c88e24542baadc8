package dev.calibrate.query.feed.stream;

import dev.calibrate.kernel.error.Rejection;

import java.time.Duration;
import java.util.Optional;

/** The tenant, or this node as a whole, already holds as many event streams open as it may. */
final class TooManyStreams extends Rejection {

    private final Duration retryAfter;

    private TooManyStreams(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    static TooManyStreams ofTenant(int open, Duration retryAfter) {
        return new TooManyStreams("this tenant already has " + open + " event streams open, as many as it may; "
                + "close one, or page GET /api/v1/events instead", retryAfter);
    }

    static TooManyStreams ofNode(int open, Duration retryAfter) {
        return new TooManyStreams("this server already serves " + open + " event streams, as many as it may; "
                + "try again later, or page GET /api/v1/events instead", retryAfter);
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
