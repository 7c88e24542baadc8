package dev.calibrate.connectors.shopify.writeback.sending;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryBackoffTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final DeliveryBackoff backoff = DeliveryBackoff.of(8);

    @Test
    void waitsDoubleFromFiveSecondsWithHalfOfEachJittered() {
        assertThat(backoff.delay(1, 0)).isEqualTo(Duration.ofMillis(2500));
        assertThat(backoff.delay(1, 0.999)).isBetween(Duration.ofMillis(4990), Duration.ofSeconds(5));
        assertThat(backoff.delay(2, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(4, 0)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void neverWaitsLongerThanTenMinutes() {
        assertThat(backoff.delay(30, 0.999)).isLessThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.delay(30, 0)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        assertThat(backoff.nextAttempt(7, NOW, 0.5)).hasValueSatisfying(at -> assertThat(at).isAfter(NOW));
        assertThat(backoff.nextAttempt(8, NOW, 0.5)).isEmpty();
        assertThat(DeliveryBackoff.of(1).nextAttempt(1, NOW, 0.5)).isEmpty();
    }
}
