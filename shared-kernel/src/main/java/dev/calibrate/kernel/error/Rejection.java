package dev.calibrate.kernel.error;

/**
 * A command or query the domain refuses. The HTTP edge maps {@link #kind()} to a 4xx problem;
 * the message is safe to show to the caller (it never contains secrets).
 */
public abstract class Rejection extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN }

    protected Rejection(String message) {
        super(message, null, false, false);
    }

    public abstract Kind kind();

    /** Extra members for the problem body, e.g. the current state of a conflicting resource. */
    public java.util.Map<String, Object> problemProperties() {
        return java.util.Map.of();
    }
}
