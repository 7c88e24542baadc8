package dev.calibrate.app.graphql.fields;

import dev.calibrate.app.graphql.GraphQlArguments;
import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.app.graphql.GraphQlReads;
import dev.calibrate.app.graphql.paging.Connection;
import dev.calibrate.app.graphql.paging.CursorKey;
import dev.calibrate.app.graphql.paging.ListCursor;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.audit.AuditApi.AuditEntry;
import dev.calibrate.query.audit.AuditEntries;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The tenant's audit log in GraphQL, as REST's {@code GET /api/v1/audit} answers it (scope audit:read, its
 * filters), newest first by keyset on the event's global position through {@link AuditEntries#window}, the read
 * REST's shares.
 */
@Controller
class AuditGraphQlController {

    /** What a filter's instant may be: what PostgreSQL's timestamptz holds, and more than any entry's time. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final GraphQlReads reads;
    private final AuditEntries entries;
    private final CursorKey cursorKey;

    AuditGraphQlController(GraphQlReads reads, AuditEntries entries, CursorKey cursorKey) {
        this.reads = reads;
        this.entries = entries;
        this.cursorKey = cursorKey;
    }

    @QueryMapping
    Connection<AuditEntry> auditEntries(@Argument Integer first, @Argument String after, @Argument Integer last,
                                        @Argument String before, @Argument String entityType,
                                        @Argument String entityId, @Argument String actor, @Argument String from,
                                        @Argument String to, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiring(context, Scope.AUDIT_READ);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, last, before);
        AuditEntries.Filter filter = new AuditEntries.Filter(GraphQlArguments.text("entityType", entityType),
                GraphQlArguments.text("entityId", entityId), GraphQlArguments.text("actor", actor),
                instant("from", from), instant("to", to));
        // every filter is bound into the cursor, each part length-prefixed so no value can pass for another's
        ListCursor cursors = new ListCursor(cursorKey, caller.tenantId(), "auditEntries?entityId="
                + part(filter.entityId()) + "&entityType=" + part(filter.entityType()) + "&actor="
                + part(filter.actor()) + "&from=" + part(filter.from()) + "&to=" + part(filter.to()));
        Long older = position(cursors, "after", after);
        Long newer = position(cursors, "before", before);
        List<AuditEntry> found = reads.read(caller, () -> entries.withExplain(caller.tenantId(),
                entries.window(filter, older, newer, window.size() + 1, window.fromEnd())));
        return Connection.ofWindow(found, window.size(), window.fromEnd(), older != null, newer != null,
                entry -> entry, entry -> cursors.encode(Long.toString(entry.position())));
    }

    /** REST's from and to: an ISO-8601 instant such as 2026-01-01T00:00:00Z; null when not given. */
    private static Instant instant(String argument, String value) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(argument, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidInput(argument, "must lie between the years 1 and 9999");
        }
        return instant;
    }

    private static String part(Object value) {
        String text = value == null ? "" : value.toString();
        return text.length() + ":" + text;
    }

    /** A cursor's position: an event's global position, a number from 0; null without a cursor. */
    private static Long position(ListCursor cursors, String argument, String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            long value = Long.parseLong(cursors.decode(argument, cursor, 1).get(0));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // as any position no list writes
        }
        throw new InvalidInput(argument, "is not a cursor this list gave");
    }
}
