package dev.calibrate.query.feed;

import dev.calibrate.kernel.error.InvalidInput;
import org.springframework.lang.Nullable;

import java.util.Set;

/**
 * What a reader of the feed asks for: the events after {@code after} (a position; 0 for the first),
 * of these event names (none: every event), of this aggregate (null: any), at most {@code limit}.
 */
public record FeedQuery(long after, Set<String> names, @Nullable String subject, int limit) {

    public static final int MAX_LIMIT = 1_000;
    public static final int DEFAULT_LIMIT = 100;
    private static final int MAX_SUBJECT = 255;

    public FeedQuery {
        names = Set.copyOf(names);
    }

    /** The position a client sent in {@code field} (a query parameter or Last-Event-ID); blank is 0. */
    public static long position(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        if (!value.matches("\\d{1,18}")) {
            throw new InvalidInput(field, "is not a position the feed gave (a whole number, an event's position "
                    + "or a page's next)");
        }
        return Long.parseLong(value);
    }

    public static int limit(String field, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInput(field, "must be 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    @Nullable
    public static String subject(String field, @Nullable String subject) {
        if (subject == null || subject.isEmpty()) {
            return null;
        }
        if (subject.length() > MAX_SUBJECT) {
            throw new InvalidInput(field, "must be at most " + MAX_SUBJECT + " characters (an aggregate id)");
        }
        return subject;
    }

    /** The same query, resuming after {@code position}. */
    public FeedQuery after(long position) {
        return new FeedQuery(position, names, subject, limit);
    }
}
