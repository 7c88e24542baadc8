package dev.calibrate.connectors.amazon.api;

/** A Selling Partner API call that did not succeed; {@link #transientFailure()} ones are retried. */
public final class SpApiException extends RuntimeException {

    public enum Kind {
        /** 429 QuotaExceeded: the usage plan's bucket is empty. */
        QUOTA_EXCEEDED,
        /** 5xx, a timeout, or no answer at all. */
        UNAVAILABLE,
        /** 403: Amazon refused the access token or the seller's authorisation. */
        UNAUTHORIZED,
        /** Any other 4xx: the request itself is wrong. */
        REJECTED,
        /** Not sent: the tenant's circuit breaker is open after repeated failures. */
        CIRCUIT_OPEN
    }

    private final Kind kind;

    SpApiException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    boolean transientFailure() {
        return kind == Kind.QUOTA_EXCEEDED || kind == Kind.UNAVAILABLE;
    }
}
