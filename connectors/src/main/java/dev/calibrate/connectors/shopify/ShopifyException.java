package dev.calibrate.connectors.shopify;

/** A call to Shopify that did not succeed; {@link #kind()} says whether trying again can help. */
public class ShopifyException extends RuntimeException {

    public enum Kind {
        /** HTTP 401/403: the access token is invalid, expired or revoked. Not retried. */
        UNAUTHORIZED,
        /** No shop answers at that address (HTTP 404). Not retried. */
        NOT_FOUND,
        /** Over the cost budget (THROTTLED, HTTP 429). Retried after the deficit refills. */
        THROTTLED,
        /** 5xx, timeouts, connection failures, garbled answers. Retried with backoff. */
        UNAVAILABLE,
        /** Shopify answered with GraphQL errors (a bad document, a cost above the single-query maximum). Not retried. */
        REJECTED,
        /** The shop's circuit breaker is open after repeated failures; nothing was sent. */
        CIRCUIT_OPEN
    }

    private final Kind kind;
    private final double retryAfterSeconds;

    public ShopifyException(Kind kind, String message) {
        this(kind, message, 0, null);
    }

    public ShopifyException(Kind kind, String message, double retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    /** For THROTTLED: how long until the bucket holds what the call asked for. */
    public double retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean transientFailure() {
        return kind == Kind.THROTTLED || kind == Kind.UNAVAILABLE;
    }
}
