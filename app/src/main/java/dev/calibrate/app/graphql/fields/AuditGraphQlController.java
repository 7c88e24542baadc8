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

import java.util.List;

/**
 * The tenant's audit log in GraphQL, as REST's {@code GET /api/v1/audit} answers it (scope audit:read), newest
 * first by keyset on the event's global position through {@link AuditEntries#window}, the read REST's shares.
 */
@Controller
class AuditGraphQlController {

    private final GraphQlReads reads;
    private final AuditEntries entries;
    private final CursorKey cursorKey;

    AuditGraphQlController(GraphQlReads reads, AuditEntries entries, CursorKey cursorKey) {
        this.reads = reads;
        this.entries = entries;
        this.cursorKey = cursorKey;
    }

    @QueryMapping
    Connection<AuditEntry> auditEntries(@Argument Integer first, @Argument String after, @Argument String entityId,
                                        GraphQLContext context) {
        Caller caller = GraphQlCaller.requiring(context, Scope.AUDIT_READ);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, null, null);
        String entity = GraphQlArguments.text("entityId", entityId);
        ListCursor cursors = new ListCursor(cursorKey, caller.tenantId(), "auditEntries?entityId="
                + (entity == null ? "" : entity));
        Long from = after == null ? null : position(cursors.decode("after", after, 1).get(0));
        List<AuditEntry> found = reads.read(caller, () -> entries.withExplain(caller.tenantId(),
                entries.window(entity, from, window.size() + 1)));
        boolean more = found.size() > window.size();
        List<AuditEntry> page = more ? found.subList(0, window.size()) : found;
        return Connection.of(page, entry -> cursors.encode(Long.toString(entry.position())), more, from != null);
    }

    /** A decoded cursor's position: an event's global position, a number from 0. */
    private static long position(String position) {
        try {
            long value = Long.parseLong(position);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // as any position no list writes
        }
        throw new InvalidInput("after", "is not a cursor this list gave");
    }
}
