package dev.calibrate.app.copilot.translate;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static dev.calibrate.app.copilot.translate.Phrases.pattern;

/**
 * Periods named in a question, in UTC (no tenant has a time zone yet). One meaning in every family: "in
 * (or over, during, within, for) the last/past N days or weeks" and "in the past week" are rolling, the
 * N×24 hours up to now; today, yesterday, this or last (past, previous) week (ISO weeks, from Monday),
 * this or last month or year are calendar periods; since or from a day (that day included), after a day
 * (from the next), between two days (both whole), in a month of a year. "Now" is the translator's clock, so the same question at the same instant
 * gives the same SQL. Something written like a date that is none ("since 2026-13-45", "since 1/11") is
 * refused as such, never read as another day.
 */
final class Periods {

    /** [from, to) in UTC; {@code to} null when the period lasts to now. */
    record Period(Instant from, Instant to, String words) {

        boolean endsNow() {
            return to == null;
        }

        /** A SQL condition on {@code column}: within the period. */
        String within(String column) {
            return column + " >= " + Phrases.literal(from.toString())
                    + (to == null ? "" : " AND " + column + " < " + Phrases.literal(to.toString()));
        }

        /** "last month (2026-11-01 to 2026-11-30, UTC)". */
        String described() {
            LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
            String days = to == null ? "from " + first + " on"
                    : first + (to.minusSeconds(86_400).equals(from) ? ""
                    : " to " + LocalDate.ofInstant(to.minusSeconds(1), ZoneOffset.UTC));
            return words + " (" + days + ", UTC)";
        }
    }

    /**
     * Something written like a date: digits with a - / or . between them ("2026-11-01", "1/11"), a plain number
     * ("from 10 vendors") never. Atomic, so that a date followed by words the pattern must not see after it
     * ("since 2026-11-01 until …") is never cut short to a shorter one ("2026-11-0").
     */
    private static final String DATE_LIKE = "((?>\\d+[/.-][\\d/.-]*\\d))";
    /** "in the last 30 days", "over the past 2 weeks", "in the past week": rolling, up to now. */
    private static final Pattern ROLLING = pattern("\\b(?:in|over|during|within|for)\\s+the\\s+(?:last|past)\\s+"
            + "(?:(\\d{1,3})\\s+)?(days?|weeks?)\\b");
    /** "last week", "this month": calendar periods. */
    private static final Pattern RELATIVE = pattern("\\b(today|yesterday|(?:this|last|past|previous) (?:week|month|year))\\b");
    private static final Pattern SINCE = pattern("\\b(since|after|from) (?:the )?" + DATE_LIKE + "(?!\\s+(?:to|and|until)\\b)");
    private static final Pattern BETWEEN = pattern("\\b(?:between|from|since) " + DATE_LIKE + " (?:and|to|until) " + DATE_LIKE);
    private static final Pattern MONTH = pattern("\\b(?:in|during) (january|february|march|april|may|june|july|august"
            + "|september|october|november|december) (\\d{4})\\b");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** The years PostgreSQL and the translator agree on; a day outside them is refused here, not by the database. */
    private static final int FIRST_YEAR = 1;
    private static final int LAST_YEAR = 9998;

    private Periods() {
    }

    /**
     * The period the question names, its words accounted for; empty when it names none. A period that would
     * end after now ends now (nothing is known of later); one that starts after now is refused.
     */
    static Optional<Period> find(Question question, Clock clock) {
        return named(question, clock).map(period -> {
            Instant now = clock.instant();
            if (period.from().isAfter(now)) {
                throw new Unanswerable("the period " + period.words() + " starts after now ("
                        + now.truncatedTo(ChronoUnit.SECONDS) + "): nothing is known of it yet");
            }
            return period.to() != null && period.to().isAfter(now) ? new Period(period.from(), null, period.words())
                    : period;
        });
    }

    private static Optional<Period> named(Question question, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Optional<MatchResult> rolling = question.find(ROLLING);
        if (rolling.isPresent()) {
            int units = rolling.get().group(1) == null ? 1 : Integer.parseInt(rolling.get().group(1));
            int days = units * (rolling.get().group(2).toLowerCase(Locale.ROOT).startsWith("week") ? 7 : 1);
            return Optional.of(new Period(clock.instant().minus(Duration.ofDays(days)), null,
                    "in the last " + days + (days == 1 ? " day" : " days")));
        }
        Optional<MatchResult> between = question.find(BETWEEN);
        if (between.isPresent()) {
            LocalDate first = date(between.get().group(1));
            LocalDate last = date(between.get().group(2));
            if (last.isBefore(first)) {
                throw new Unanswerable("the period ends (" + last + ") before it starts (" + first + ")");
            }
            return Optional.of(new Period(start(first), start(last.plusDays(1)), "between " + first + " and " + last));
        }
        Optional<MatchResult> since = question.find(SINCE);
        if (since.isPresent()) {
            LocalDate day = date(since.get().group(2));
            // "after" a day leaves that day out; "since" and "from" take it in
            boolean after = since.get().group(1).equalsIgnoreCase("after");
            return Optional.of(new Period(start(after ? day.plusDays(1) : day), null, (after ? "after " : "since ") + day));
        }
        Optional<MatchResult> month = question.find(MONTH);
        if (month.isPresent()) {
            Month named = Month.valueOf(month.get().group(1).toUpperCase(Locale.ROOT));
            LocalDate first = LocalDate.of(year(month.get().group(2)), named, 1);
            return Optional.of(new Period(start(first), start(first.plusMonths(1)),
                    "in " + named.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + first.getYear()));
        }
        Optional<MatchResult> relative = question.find(RELATIVE);
        if (relative.isEmpty()) {
            return Optional.empty();
        }
        String words = relative.get().group(1).toLowerCase(Locale.ROOT).replaceFirst("^(past|previous) ", "last ");
        return Optional.of(switch (words) {
            case "today" -> new Period(start(today), null, words);
            case "yesterday" -> new Period(start(today.minusDays(1)), start(today), words);
            case "this week" -> new Period(start(monday(today)), null, words);
            case "last week" -> new Period(start(monday(today).minusWeeks(1)), start(monday(today)), words);
            case "this month" -> new Period(start(today.withDayOfMonth(1)), null, words);
            case "last month" -> new Period(start(today.withDayOfMonth(1).minusMonths(1)),
                    start(today.withDayOfMonth(1)), words);
            case "this year" -> new Period(start(today.withDayOfYear(1)), null, words);
            case "last year" -> new Period(start(today.withDayOfYear(1).minusYears(1)), start(today.withDayOfYear(1)),
                    words);
            default -> throw new IllegalStateException("a period the pattern admits: " + words);
        });
    }

    private static int year(String written) {
        int year = Integer.parseInt(written);
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new Unanswerable("the year " + written + " is outside the years the copilot reads (0001 to 9998)");
        }
        return year;
    }

    /** A day written YYYY-MM-DD; anything else written like a date is refused as such. */
    private static LocalDate date(String written) {
        if (!ISO_DATE.matcher(written).matches()) {
            throw new Unanswerable("'" + written + "' is not a date the copilot reads; write days as YYYY-MM-DD");
        }
        year(written.substring(0, 4));
        try {
            return LocalDate.parse(written);
        } catch (DateTimeParseException e) {
            throw new Unanswerable("'" + written + "' is not a day of the calendar");
        }
    }

    private static LocalDate monday(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
