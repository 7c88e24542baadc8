package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A receiver's Retry-After is a minimum: never sooner than it asked, nor than the schedule, nor past the cap. */
class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(new WebhookSettings(false, 20, 2000,
            Duration.ofSeconds(5), Duration.ofHours(24), List.of(Duration.ofMinutes(5), Duration.ofHours(2)),
            Duration.ofHours(1), Duration.ofSeconds(1), 16, 2, 100, null, 4, 1, 2));

    @Test
    void aRetryAfterShorterThanTheStepDoesNotMakeItSooner() {
        Duration wait = schedule.after(1, Duration.ofSeconds(1)).orElseThrow();
        assertThat(wait).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
    }

    @Test
    void aRetryAfterLongerThanTheStepIsWaitedUpToTheCap() {
        assertThat(schedule.after(1, Duration.ofMinutes(30)).orElseThrow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(schedule.after(1, Duration.ofDays(3)).orElseThrow()).as("cut to max-retry-after")
                .isEqualTo(Duration.ofHours(1));
        assertThat(schedule.after(2, Duration.ofDays(3)).orElseThrow()).as("the step is longer than the cap")
                .isBetween(Duration.ofMinutes(96), Duration.ofMinutes(144));
    }

    @Test
    void pastTheLastStepThereIsNoRetryWhateverTheReceiverAsks() {
        assertThat(schedule.after(3, Duration.ofSeconds(1))).isEmpty();
    }
}
