package dev.calibrate.app.webhooks.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Outbox bounds that could not bound anything are refused at startup, when the settings are bound. */
class OutboxSettingsTest {

    private static OutboxSettings settings(int maxPending, int replayMaxPending, Duration retention, int batch,
                                           Duration interval) {
        return new OutboxSettings(maxPending, replayMaxPending, retention, batch, interval, 20, Duration.ofSeconds(2));
    }

    @Test
    void theDefaultsAndSmallBoundsAreAccepted() {
        assertThatCode(() -> settings(1000, 100, Duration.ofDays(30), 1000, Duration.ofHours(1)))
                .doesNotThrowAnyException();
        assertThatCode(() -> settings(5, 2, Duration.ofDays(30), 1, Duration.ofHours(1))).doesNotThrowAnyException();
    }

    @Test
    void boundsThatBoundNothingAreRefused() {
        Duration day = Duration.ofDays(1);
        assertThatThrownBy(() -> settings(0, 0, day, 10, day)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(5, -1, day, 10, day)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(5, 5, day, 10, day)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replay-max-pending");
        assertThatThrownBy(() -> settings(5, 2, day, 0, day)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(5, 2, Duration.ZERO, 10, day)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(5, 2, day, 10, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboxSettings(5, 2, day, 10, day, 0, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replay-max-pages");
        assertThatThrownBy(() -> new OutboxSettings(5, 2, day, 10, day, 20, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replay-max-duration");
    }
}
