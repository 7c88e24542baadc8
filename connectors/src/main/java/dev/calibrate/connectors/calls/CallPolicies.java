package dev.calibrate.connectors.calls;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * How every channel's API client protects itself and the channel, so Shopify and Amazon fail over
 * the same way: a circuit breaker per account that opens when most recent calls found the channel
 * unavailable, and jittered exponential backoff for retries the channel did not time itself.
 */
public final class CallPolicies {

    private CallPolicies() {
    }

    /**
     * One breaker per account (by name): opens when 60% of the last 10 calls (at least 5) failed with
     * an {@code unavailable} failure, stays open 30 s, then lets 2 trial calls through.
     */
    public static CircuitBreakerRegistry circuitBreakers(Predicate<Throwable> unavailable) {
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(60)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(unavailable)
                .build());
    }

    /**
     * The wait before retry {@code attempt} (1 for the first): exponential from 0.5 s, capped at 30 s,
     * half of it fixed and half random, so clients that failed together do not retry together.
     */
    public static long backoffMillis(int attempt) {
        long ceiling = Math.min(30_000, 500L << Math.min(attempt - 1, 10));
        return (long) (ceiling / 2 + ThreadLocalRandom.current().nextDouble() * ceiling / 2);
    }
}
