package dev.calibrate.connectors.shopify.api;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Clock;
import java.time.Instant;

/** What this node knows about its calls to one shop: pacing, circuit breaker, last success and failure. */
public final class ShopHealth {

    private final String shop;
    private final ShopifyThrottle throttle;
    private final CircuitBreaker breaker;
    private volatile Instant lastSuccessAt;
    private volatile Instant lastFailureAt;
    private volatile String lastFailure;
    private volatile boolean tokenRejected;

    ShopHealth(String shop, Clock clock, CircuitBreaker breaker) {
        this.shop = shop;
        this.throttle = new ShopifyThrottle(clock);
        this.breaker = breaker;
    }

    ShopifyThrottle throttle() {
        return throttle;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    void succeeded(Instant at) {
        lastSuccessAt = at;
        tokenRejected = false;
    }

    void failed(Instant at, ShopifyException failure) {
        lastFailureAt = at;
        lastFailure = failure.kind() + ": " + failure.getMessage();
        if (failure.kind() == ShopifyException.Kind.UNAUTHORIZED) {
            tokenRejected = true;
        }
    }

    public String shop() {
        return shop;
    }

    public Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    public Instant lastFailureAt() {
        return lastFailureAt;
    }

    public String lastFailure() {
        return lastFailure;
    }

    /** True once Shopify refused the token, until a call with it succeeds again. */
    public boolean tokenRejected() {
        return tokenRejected;
    }

    public ThrottleStatus throttleStatus() {
        return throttle.lastStatus();
    }

    public String circuitState() {
        return breaker.getState().name();
    }
}
