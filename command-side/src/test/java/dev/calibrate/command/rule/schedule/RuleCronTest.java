package dev.calibrate.command.rule.schedule;

import dev.calibrate.kernel.error.InvalidInput;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A schedule's cron: what a client may write, and the wall-clock slots it runs at, across DST changes. */
class RuleCronTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static List<Instant> slots(RuleCron cron, ZoneId zone, Instant from, Instant to) {
        List<Instant> slots = new ArrayList<>();
        for (Instant slot = cron.nextAfter(from, zone); slot != null && slot.isBefore(to);
             slot = cron.nextAfter(slot, zone)) {
            slots.add(slot);
        }
        return slots;
    }

    @Test
    void fiveFieldsReadAsMinuteHourDayMonthWeekdayAndAreRecordedInSix() {
        assertThat(RuleCron.parse(" 30  2 * * 1-5 ", HOUR).expression()).isEqualTo("0 30 2 * * 1-5");
        assertThat(RuleCron.parse("0 0 6 * * *", HOUR).expression()).isEqualTo("0 0 6 * * *");
        assertThat(RuleCron.parse("@daily", HOUR).expression()).isEqualTo("@daily");
    }

    @Test
    void aCronIsRefusedNamingCronWhenBlankMalformedTooLongTooFrequentOrNeverRunning() {
        for (String bad : new String[]{null, " ", "not a cron", "0 61 * * *", "* * * *",
                "0 " + "1,".repeat(60) + "2 * * *", "*/30 * * * *", "0 0,30 9 * * *", "* 0 9 * * *",
                "0 0 0 30 2 *"}) {
            assertThatThrownBy(() -> RuleCron.parse(bad, HOUR)).as(bad).isInstanceOf(InvalidInput.class)
                    .extracting(e -> ((InvalidInput) e).field()).isEqualTo("cron");
        }
        assertThatThrownBy(() -> RuleCron.parse("0 9,10 * * *", Duration.ofHours(2)))
                .hasMessageContaining("more often than once every 2h");
        assertThat(RuleCron.parse("0 * * * *", HOUR).expression()).as("hourly is the most allowed")
                .isEqualTo("0 0 * * * *");
    }

    @Test
    void slotsAreWallClockTimesInTheZone() {
        RuleCron daily = RuleCron.parse("30 2 * * *", HOUR);
        assertThat(daily.nextAfter(Instant.parse("2026-12-06T12:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-12-07T01:30:00Z"));
        assertThat(daily.nextAfter(Instant.parse("2026-12-06T12:00:00Z"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-12-07T02:30:00Z"));
    }

    /** 02:00 jumps to 03:00 on 2026-03-29 in Berlin: 02:30 does not exist, and runs once, at 03:30. */
    @Test
    void onASpringForwardDayATimeTheClocksSkipRunsOnceShiftedByTheGap() {
        RuleCron daily = RuleCron.parse("30 2 * * *", HOUR);
        assertThat(slots(daily, BERLIN, Instant.parse("2026-03-28T12:00:00Z"), Instant.parse("2026-03-30T12:00:00Z")))
                .containsExactly(Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"));

        RuleCron hourly = RuleCron.parse("0 * * * *", HOUR);
        List<Instant> day = slots(hourly, BERLIN, Instant.parse("2026-03-28T22:59:59Z"),
                Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(day).as("23 hours, each run once").hasSize(23).doesNotHaveDuplicates();
    }

    /** 03:00 falls back to 02:00 on 2026-10-25 in Berlin: 02:30 happens twice, and runs once, the first time. */
    @Test
    void onAFallBackDayATimeThatHappensTwiceRunsOnceAtItsFirstOccurrence() {
        RuleCron daily = RuleCron.parse("30 2 * * *", HOUR);
        assertThat(slots(daily, BERLIN, Instant.parse("2026-10-24T12:00:00Z"), Instant.parse("2026-10-26T12:00:00Z")))
                .containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(daily.nextAfter(Instant.parse("2026-10-25T01:10:00Z"), BERLIN))
                .as("during the second 02:xx hour, the next run is the next day's")
                .isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void aRareCronRunsAtItsNextOccurrenceHoweverFar() {
        RuleCron leapDay = RuleCron.parse("0 0 29 2 *", HOUR);
        assertThat(leapDay.nextAfter(Instant.parse("2026-01-01T00:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2028-02-28T23:00:00Z"));
    }
}
