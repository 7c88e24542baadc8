package dev.calibrate.kernel.error;

/**
 * A command or query the domain refuses. The HTTP edge maps {@link #kind()} to a 4xx problem;
 * the message is safe to show to the caller (it never contains secrets).
 */
public abstract class Rejection extends RuntimeException {

    /**
     * {@code OVER_BUDGET}: the request is valid but costs more than the server grants one request;
     * {@code TOO_MANY_REQUESTS}: the caller has as much work in flight as it may, see {@link #retryAfter()};
     * {@code UNAVAILABLE}: this deployment has the feature switched off (a 503).
     */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN, OVER_BUDGET, TOO_MANY_REQUESTS, UNAVAILABLE }

    protected Rejection(String message) {
        super(message, null, false, false);
    }

    public abstract Kind kind();

    /** Extra members for the problem body, e.g. the current state of a conflicting resource. */
    public java.util.Map<String, Object> problemProperties() {
        return java.util.Map.of();
    }

    /** When the caller may usefully try again, if it is worth saying. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.empty();
    }

    /**
     * {@link #retryAfter()} in whole seconds for a {@code Retry-After}, rounded up (a client retrying a
     * second early would be refused once more) and at least 1.
     */
    public final java.util.Optional<Long> retryAfterSeconds() {
        return retryAfter().map(wait -> Math.max(1, wait.plusNanos(999_999_999).toSeconds()));
    }
}
