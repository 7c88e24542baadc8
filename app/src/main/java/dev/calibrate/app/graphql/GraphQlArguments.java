package dev.calibrate.app.graphql;

import dev.calibrate.kernel.error.InvalidInput;

import java.util.UUID;

/** Arguments checked as REST checks its parameters: a bad one is a validation error naming it. */
public final class GraphQlArguments {

    /** Shopify's limit of a connection's first or last. */
    public static final int MAX_PAGE = 250;
    public static final int DEFAULT_PAGE = 50;
    static final int MAX_TEXT = 200;

    private GraphQlArguments() {
    }

    /** How many nodes a connection answers, and whether from the end (last/before) or the start. */
    public record Window(int size, boolean fromEnd) {
    }

    public static Window window(Integer first, String after, Integer last, String before) {
        if (first != null && last != null) {
            throw new InvalidInput("last", "give first or last, not both");
        }
        if (last == null && before != null && first == null) {
            return new Window(DEFAULT_PAGE, true);
        }
        if (last != null) {
            return new Window(size("last", last), true);
        }
        return new Window(first == null ? DEFAULT_PAGE : size("first", first), false);
    }

    private static int size(String argument, int value) {
        if (value < 0 || value > MAX_PAGE) {
            throw new InvalidInput(argument, "must be between 0 and " + MAX_PAGE);
        }
        return value;
    }

    /** Free text: null when blank; at most 200 characters and no control characters. */
    public static String text(String argument, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidInput(argument, "must be at most " + MAX_TEXT + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput(argument, "must not contain control characters");
        }
        return value;
    }

    public static UUID uuid(String argument, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAUuid) {
            throw new InvalidInput(argument, "is not an id");
        }
    }

    /**
     * A text part of a decoded cursor's position. The signature already says this server wrote it, so any SKU
     * the catalog holds pages on (SKU rules take C1 controls such as U+0085, and no length here is theirs); only
     * a NUL, which PostgreSQL text cannot take, is refused, so a cursor signed with a leaked or shared key still
     * never turns into a 500.
     */
    public static String positionText(String argument, String value) {
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidInput(argument, "is not a cursor this list gave");
        }
        return value;
    }

    /** Earliest and latest instant a cursor may carry: what PostgreSQL's timestamptz and its index hold alike. */
    static final java.time.Instant EARLIEST = java.time.Instant.parse("1970-01-01T00:00:00Z");
    static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59.999999Z");

    /** A timestamp part of a decoded cursor's position: an instant between the years 1970 and 9999. */
    public static java.time.Instant positionInstant(String argument, String value) {
        java.time.Instant instant;
        try {
            instant = java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            throw new InvalidInput(argument, "is not a cursor this list gave");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidInput(argument, "is not a cursor this list gave");
        }
        return instant;
    }

    /** A currency code as the catalog stores it: three capital letters. */
    public static String currency(String argument, String value) {
        if (value == null || !value.matches("[A-Z]{3}")) {
            throw new InvalidInput(argument, "must be a currency code of three capital letters (ISO 4217)");
        }
        return value;
    }
}
