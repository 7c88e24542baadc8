package dev.calibrate.command.pricechange.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunAttemptsTest {

    @Test
    void theWaitDoublesAfterEachFailure() {
        RunAttempts attempts = new RunAttempts(5, Duration.ofSeconds(5));

        assertThat(attempts.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(attempts.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(attempts.backoffAfter(4)).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void theWaitNeverExceedsAnHour() {
        RunAttempts attempts = new RunAttempts(100, Duration.ofMinutes(10));

        assertThat(attempts.backoffAfter(4)).isEqualTo(Duration.ofHours(1));
        assertThat(attempts.backoffAfter(1_000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aRunNeedsAtLeastOneAttemptAndAPositiveWait() {
        assertThatThrownBy(() -> new RunAttempts(0, Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunAttempts(3, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunAttempts(3, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
