package dev.calibrate.command.rule.schedule;

import dev.calibrate.kernel.error.InvalidInput;
import org.springframework.scheduling.support.CronExpression;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * A saved rule's recurring schedule: a cron expression read as wall-clock times in the tenant's time zone.
 * <p>
 * Slots are wall-clock times, each run at most once: on a spring-forward day a time the clocks skip (02:30
 * when 02:00 jumps to 03:00) runs once, shifted forward by the gap (at 03:30); on a fall-back day a time that
 * happens twice runs once, at its first occurrence. (Spring's own zoned arithmetic would skip the first and
 * run the second twice.)
 */
public final class RuleCron {

    static final int MAX_LENGTH = 120;
    /** How many slots the frequency check looks at: more than a month of the most frequent allowed. */
    private static final int CHECKED_SLOTS = 1000;
    /** How many slots {@link #nextAfter} passes over (times that fell back behind the instant) before it gives up. */
    private static final int MAX_PASSED = 100;

    private final CronExpression cron;
    private final String expression;

    private RuleCron(CronExpression cron, String expression) {
        this.cron = cron;
        this.expression = expression;
    }

    /**
     * Checks a cron a client wrote: five fields (minute hour day month weekday) or Spring's six (seconds
     * first), or a macro such as {@code @daily}; it must run at all, and never twice within {@code minInterval}.
     */
    public static RuleCron parse(String text, Duration minInterval) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput("cron", "must not be blank");
        }
        String trimmed = text.strip();
        if (trimmed.length() > MAX_LENGTH) {
            throw new InvalidInput("cron", "must be at most " + MAX_LENGTH + " characters");
        }
        String six = trimmed.split("\\s+").length == 5 ? "0 " + trimmed : trimmed;
        CronExpression cron;
        try {
            cron = CronExpression.parse(six);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("cron", "must be a cron expression of five fields (minute hour day month weekday)"
                    + " or six (seconds first), such as '0 6 * * 1-5': " + e.getMessage());
        }
        RuleCron parsed = new RuleCron(cron, six.replaceAll("\\s+", " "));
        parsed.requireAtMostEvery(minInterval);
        return parsed;
    }

    /** A cron the aggregate recorded, checked when it was set. */
    public static RuleCron recorded(String expression) {
        return new RuleCron(CronExpression.parse(expression), expression);
    }

    /** The six-field form, as recorded. */
    public String expression() {
        return expression;
    }

    /** The first slot after {@code after}, as an instant; null if the cron runs no more. */
    public Instant nextAfter(Instant after, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        for (int passed = 0; passed < MAX_PASSED; passed++) {
            local = cron.next(local);
            if (local == null) {
                return null;
            }
            // a time in a gap is shifted forward by the gap; a time that happens twice takes the earlier offset
            Instant slot = ZonedDateTime.ofLocal(local, zone, null).toInstant();
            if (slot.isAfter(after)) {
                return slot;
            }
        }
        return null;
    }

    private void requireAtMostEvery(Duration minInterval) {
        LocalDateTime previous = cron.next(LocalDateTime.of(2000, 1, 1, 0, 0));
        if (previous == null) {
            throw new InvalidInput("cron", "never runs");
        }
        for (int i = 1; i < CHECKED_SLOTS; i++) {
            LocalDateTime next = cron.next(previous);
            if (next == null) {
                return;
            }
            if (Duration.between(previous, next).compareTo(minInterval) < 0) {
                throw new InvalidInput("cron", "runs more often than once every " + describe(minInterval)
                        + " (at " + previous + " and " + next + "), the most a schedule may");
            }
            previous = next;
        }
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
