package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A receiver's Retry-After is a minimum: never sooner than it asked, nor than the schedule, nor past the cap. */
class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(new WebhookSettings(false, 20, 2000,
            Duration.ofSeconds(5), Duration.ofHours(24), List.of(Duration.ofMinutes(5), Duration.ofHours(2)),
            Duration.ofHours(1), Duration.ofSeconds(1), 16, 2, 100, null, 4, 1, 2));

    /** The schedule of Standard Webhooks' guidance that application.yml sets, as a list of steps. */
    private static final List<Duration> STANDARD = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

    @Test
    void everyStepIsWaitedWithinTwentyPercentEitherSideAndTheWaitsSpreadOverThatRange() {
        RetrySchedule standard = new RetrySchedule(new WebhookSettings(false, 20, 2000,
                Duration.ofSeconds(5), Duration.ofHours(24), STANDARD,
                Duration.ofHours(1), Duration.ofSeconds(1), 16, 2, 100, null, 4, 1, 2));

        assertThat(standard.attempts()).isEqualTo(10);
        for (int failures = 1; failures <= STANDARD.size(); failures++) {
            long step = STANDARD.get(failures - 1).toMillis();
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                waits.add(standard.after(failures, null).orElseThrow().toMillis());
            }
            assertThat(waits).as("step %d", failures).allSatisfy(wait ->
                    assertThat(wait).isBetween(Math.round(step * 0.8), Math.round(step * 1.2)));
            // jittered, not a fixed wait: 500 draws reach both outer tenths of the range
            assertThat(waits.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(Math.round(step * 0.84));
            assertThat(waits.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(Math.round(step * 1.16));
        }
        assertThat(standard.after(STANDARD.size() + 1, null)).as("dead after the tenth attempt").isEmpty();
    }

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
