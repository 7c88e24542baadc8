package dev.calibrate.app.console.audit;

import dev.calibrate.app.console.FormErrors;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The audit timeline's filters as typed. Times are ISO-8601 instants, or what a browser's date-time
 * field sends ({@code 2026-11-26T10:00}), read as UTC.
 */
public record AuditSearch(String entityType, String entityId, String actor, String from, String to, String page) {

    static final int PAGE_SIZE = 50;
    static final int MAX_LENGTH = 200;

    public AuditSearch {
        entityType = trim(entityType);
        entityId = trim(entityId);
        actor = trim(actor);
        from = trim(from);
        to = trim(to);
        page = trim(page);
    }

    FormErrors validate() {
        FormErrors errors = new FormErrors();
        for (String[] field : new String[][]{{"entityType", entityType}, {"entityId", entityId}, {"actor", actor}}) {
            if (field[1].length() > MAX_LENGTH) {
                errors.add(field[0], "At most " + MAX_LENGTH + " characters.");
            }
        }
        if (!from.isEmpty() && instant(from) == null) {
            errors.add("from", "Enter a date and time such as 2026-11-26T10:00 (UTC).");
        }
        if (!to.isEmpty() && instant(to) == null) {
            errors.add("to", "Enter a date and time such as 2026-11-26T10:00 (UTC).");
        }
        if (!page.isEmpty() && !page.matches("\\d{1,9}")) {
            errors.add("page", "The page must be a whole number from 0.");
        }
        return errors;
    }

    int pageNumber() {
        return page.isEmpty() ? 0 : Integer.parseInt(page);
    }

    /** The filter as the API takes it: an instant, null when blank. */
    static String apiInstant(String value) {
        Instant instant = value.isEmpty() ? null : instant(value);
        return instant == null ? null : instant.toString();
    }

    /** The latest instant a filter may name: a later one parses, but arithmetic on it would overflow. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    static Instant instant(String value) {
        Instant parsed;
        try {
            parsed = Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                parsed = LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
        return parsed.isAfter(LATEST) || parsed.isBefore(Instant.EPOCH) ? null : parsed;
    }

    static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    public String href(int n) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/console/audit");
        param(uri, "entityType", entityType);
        param(uri, "entityId", entityId);
        param(uri, "actor", actor);
        param(uri, "from", from);
        param(uri, "to", to);
        if (n > 0) {
            uri.queryParam("page", n);
        }
        return uri.encode().build().toUriString();
    }

    private static void param(UriComponentsBuilder uri, String name, String value) {
        if (!value.isEmpty()) {
            uri.queryParam(name, value);
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
