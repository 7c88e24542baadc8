package dev.calibrate.connectors.shopify.api;

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
        /**
         * THROTTLED, but the call asked more points than the shop's bucket can ever hold: waiting cannot
         * help, so it is not retried; a smaller call (fewer items a page) can pass. See {@link #fitting}.
         */
        EXCEEDS_BUCKET,
        /** The shop's circuit breaker is open after repeated failures; nothing was sent. */
        CIRCUIT_OPEN
    }

    private final Kind kind;
    private final double retryAfterSeconds;
    private final double requestedCost;
    private final double maximumAvailable;

    public ShopifyException(Kind kind, String message) {
        this(kind, message, 0, null);
    }

    public ShopifyException(Kind kind, String message, double retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
        this.requestedCost = 0;
        this.maximumAvailable = 0;
    }

    private ShopifyException(String message, double requestedCost, double maximumAvailable) {
        super(message);
        this.kind = Kind.EXCEEDS_BUCKET;
        this.retryAfterSeconds = 0;
        this.requestedCost = requestedCost;
        this.maximumAvailable = maximumAvailable;
    }

    /** A call that asked {@code requestedCost} points of a bucket that holds at most {@code maximumAvailable}. */
    public static ShopifyException exceedsBucket(String shop, double requestedCost, double maximumAvailable) {
        return new ShopifyException("the call asked " + requestedCost + " points, but " + shop
                + "'s cost bucket holds at most " + maximumAvailable, requestedCost, maximumAvailable);
    }

    /**
     * For EXCEEDS_BUCKET: how many of the call's {@code items} (variants a page, variants a price
     * call) should fit the bucket, the call's cost taken as proportional to them; always fewer than
     * {@code items}, so shrinking again after another refusal ends. 0 when not even one can go.
     */
    public int fitting(int items) {
        if (kind != Kind.EXCEEDS_BUCKET || requestedCost <= 0) {
            throw new IllegalStateException("only a call that exceeds the bucket can be shrunk to fit it");
        }
        return Math.max(0, Math.min(items - 1, (int) Math.floor(items * maximumAvailable / requestedCost)));
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
