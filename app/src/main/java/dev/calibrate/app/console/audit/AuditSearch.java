package dev.calibrate.app.console.audit;

import dev.calibrate.app.console.FormErrors;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The audit timeline's filters as typed. Times are ISO-8601 instants, or what a browser's date-time
 * field sends ({@code 2026-11-26T10:00}), read as UTC. The timeline pages by the API's cursors
 * ({@code after}: older entries, {@code before}: newer); {@code page} (an offset) still answers links
 * written before them.
 */
public record AuditSearch(String entityType, String entityId, String actor, String from, String to, String page,
                          String after, String before) {

    static final int PAGE_SIZE = 50;
    static final int MAX_LENGTH = 200;

    public AuditSearch {
        entityType = trim(entityType);
        entityId = trim(entityId);
        actor = trim(actor);
        from = trim(from);
        to = trim(to);
        page = trim(page);
        after = trim(after);
        before = trim(before);
    }

    FormErrors validate() {
        FormErrors errors = new FormErrors();
        for (String[] field : new String[][]{{"entityType", entityType}, {"entityId", entityId}, {"actor", actor},
                {"after", after}, {"before", before}}) {
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

    /** The offset page of an old link, or null: the timeline then pages by cursor. */
    Integer pageNumber() {
        return page.isEmpty() ? null : Integer.parseInt(page);
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

    /** The timeline with these filters from {@code cursor} on ({@code after} or {@code before}); null when none. */
    public String href(String cursorName, String cursor) {
        if (cursor == null) {
            return null;
        }
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/console/audit");
        param(uri, "entityType", entityType);
        param(uri, "entityId", entityId);
        param(uri, "actor", actor);
        param(uri, "from", from);
        param(uri, "to", to);
        param(uri, cursorName, cursor);
        return uri.encode().build().toUriString();
    }

    /** The newest entries with these filters. */
    public String firstPageHref() {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/console/audit");
        param(uri, "entityType", entityType);
        param(uri, "entityId", entityId);
        param(uri, "actor", actor);
        param(uri, "from", from);
        param(uri, "to", to);
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
