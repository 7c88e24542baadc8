package dev.calibrate.app.copilot.translate;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static dev.calibrate.app.copilot.translate.Phrases.pattern;

/**
 * Calendar periods named in a question, in UTC (no tenant has a time zone yet): today, yesterday, this or
 * last week (ISO weeks, from Monday), this or last month or year, since a day, between two days (both
 * whole), in a month of a year. "Now" is the translator's clock, so the same question at the same instant
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

    private static final String DATE_LIKE = "(\\d[\\d/.-]*\\d)";
    private static final Pattern RELATIVE = pattern("\\b(today|yesterday|(?:this|last|past|previous) (?:week|month|year))\\b");
    private static final Pattern SINCE = pattern("\\b(?:since|after|from) (?:the )?" + DATE_LIKE + "(?!\\s+(?:to|and|until)\\b)");
    private static final Pattern BETWEEN = pattern("\\b(?:between|from) " + DATE_LIKE + " (?:and|to|until) " + DATE_LIKE);
    private static final Pattern MONTH = pattern("\\b(?:in|during) (january|february|march|april|may|june|july|august"
            + "|september|october|november|december) (\\d{4})\\b");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Periods() {
    }

    /** The period the question names, its words accounted for; empty when it names none. */
    static Optional<Period> find(Question question, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
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
            LocalDate first = date(since.get().group(1));
            return Optional.of(new Period(start(first), null, "since " + first));
        }
        Optional<MatchResult> month = question.find(MONTH);
        if (month.isPresent()) {
            Month named = Month.valueOf(month.get().group(1).toUpperCase(Locale.ROOT));
            LocalDate first = LocalDate.of(Integer.parseInt(month.get().group(2)), named, 1);
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

    /** A day written YYYY-MM-DD; anything else written like a date is refused as such. */
    private static LocalDate date(String written) {
        if (!ISO_DATE.matcher(written).matches()) {
            throw new Unanswerable("'" + written + "' is not a date the copilot reads; write days as YYYY-MM-DD");
        }
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
