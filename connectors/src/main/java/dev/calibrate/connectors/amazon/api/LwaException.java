package dev.calibrate.connectors.amazon.api;

/**
 * Login with Amazon did not give an access token: it refused the credentials ({@code error} is its
 * code, e.g. {@code invalid_grant}, with its {@code description}), or it could not be reached.
 */
public final class LwaException extends RuntimeException {

    private final String error;
    private final String description;

    private LwaException(String message, String error, String description, Throwable cause) {
        super(message, cause, false, false);
        this.error = error;
        this.description = description;
    }

    static LwaException refused(int status, String error, String description) {
        return new LwaException("Login with Amazon refused the credentials (HTTP " + status + ", " + error + "): "
                + description, error, description, null);
    }

    static LwaException unavailable(String message, Throwable cause) {
        return new LwaException(message, null, null, cause);
    }

    /** True when Amazon answered and said no; false when it could not be asked. */
    public boolean refused() {
        return error != null;
    }

    /** LWA's error code ({@code invalid_grant}, {@code invalid_client}, ...); null when unreachable. */
    public String error() {
        return error;
    }

    public String description() {
        return description;
    }
}
