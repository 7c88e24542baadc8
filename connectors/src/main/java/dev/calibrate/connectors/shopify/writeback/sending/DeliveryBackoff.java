package dev.calibrate.connectors.shopify.writeback.sending;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a price whose send failed transiently (throttled, 5xx or timeouts beyond the client's own
 * retries, an open circuit breaker) goes again: exponential from 5 s, doubling per attempt, capped at
 * 10 minutes, with half of each wait jittered so shops that failed together do not retry together.
 * After {@code maxAttempts} it is given up as failed.
 */
record DeliveryBackoff(Duration first, Duration cap, int maxAttempts) {

    static DeliveryBackoff of(int maxAttempts) {
        return new DeliveryBackoff(Duration.ofSeconds(5), Duration.ofMinutes(10), maxAttempts);
    }

    /**
     * When the price goes again, or empty when it is given up.
     *
     * @param attemptsSpent attempts including the one that just failed
     * @param jitter        a random number in [0, 1)
     */
    Optional<Instant> nextAttempt(int attemptsSpent, Instant now, double jitter) {
        if (attemptsSpent >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(now.plus(delay(attemptsSpent, jitter)));
    }

    Duration delay(int attemptsSpent, double jitter) {
        int doublings = Math.max(0, Math.min(attemptsSpent - 1, 20));
        long ceiling = Math.min(cap.toMillis(), first.toMillis() << doublings);
        return Duration.ofMillis(ceiling / 2 + (long) (jitter * (ceiling / 2.0)));
    }
}
