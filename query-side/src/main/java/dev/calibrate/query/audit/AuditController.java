package dev.calibrate.query.audit;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.audit.AuditApi.AuditEntry;
import dev.calibrate.query.audit.AuditApi.AuditEntryPage;
import dev.calibrate.query.consistency.ReadModelProgress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The tenant's audit log, newest first, filtered by entity, actor and time. Row-level security scopes it. */
@RestController
@Tag(name = "Audit")
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
public class AuditController {

    /** The total counts entries up to this many; past it the page says "more than". */
    public static final long COUNT_LIMIT = 10_000;

    private final TenantScope tenantScope;
    private final ReadModelProgress progress;
    private final NamedParameterJdbcTemplate sql;
    private final AuditEntries entries;

    public AuditController(TenantScope tenantScope, ReadModelProgress progress, NamedParameterJdbcTemplate sql,
                           AuditEntries entries) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.sql = sql;
        this.entries = entries;
    }

    @GetMapping
    @RequiresScope(Scope.AUDIT_READ)
    @Operation(operationId = "listAuditEntries", summary = "The tenant's audit log, newest first",
            description = "One entry per domain event, filtered by entity, actor and time. Pages by cursor: "
                    + "the first page has no after or before; each page gives next (pass it as after= for "
                    + "older entries) and previous (as before= for newer ones), null at either end. A cursor "
                    + "holds to the filter it was given with: used with another one it is a 400. The total "
                    + "counts no further than 10,000 (totalExact false beyond it).")
    @ErrorResponses({503})
    public AuditEntryPage list(@Parameter(description = "e.g. product, price-change, tenant.")
                               @RequestParam(required = false) String entityType,
                               @RequestParam(required = false) String entityId,
                               @RequestParam(required = false) String actor,
                               @Parameter(description = "At or after this ISO-8601 instant, e.g. "
                                       + "2026-01-01T00:00:00Z.")
                               @RequestParam(required = false) String from,
                               @Parameter(description = "Before this ISO-8601 instant.")
                               @RequestParam(required = false) String to,
                               @Parameter(description = "The entries older than this cursor (a page's next).")
                               @RequestParam(required = false) String after,
                               @Parameter(description = "The entries newer than this cursor (a page's previous).")
                               @RequestParam(required = false) String before,
                               @Parameter(deprecated = true, description = "Offset paging, kept for existing "
                                       + "clients: it reads and skips every row before the page, and cannot be "
                                       + "combined with after or before. Use the cursors.")
                               @RequestParam(required = false) Integer page,
                               @RequestParam(defaultValue = "50") int size,
                               @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                               Caller caller) {
        Paging paging = Paging.of(page == null ? 0 : page, size);
        if (after != null && before != null) {
            throw new InvalidInput("before", "cannot be combined with after: a page is either older or newer");
        }
        if (page != null && (after != null || before != null)) {
            throw new InvalidInput("page", "cannot be combined with a cursor (after or before)");
        }
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (entityType != null) {
            where.append(" AND entity_type = :entityType");
            params.addValue("entityType", entityType);
        }
        if (entityId != null) {
            where.append(" AND entity_id = :entityId");
            params.addValue("entityId", entityId);
        }
        if (actor != null) {
            where.append(" AND actor = :actor");
            params.addValue("actor", actor);
        }
        Instant fromInstant = from == null ? null : instant("from", from);
        Instant toInstant = to == null ? null : instant("to", to);
        if (fromInstant != null) {
            where.append(" AND at >= :from");
            params.addValue("from", Timestamp.from(fromInstant));
        }
        if (toInstant != null) {
            where.append(" AND at < :to");
            params.addValue("to", Timestamp.from(toInstant));
        }
        String fingerprint = AuditCursor.fingerprint(caller.tenantId().toString(), entityType, entityId, actor,
                fromInstant == null ? null : fromInstant.toString(), toInstant == null ? null : toInstant.toString());
        AuditCursor older = after == null ? null : AuditCursor.decode("after", after, fingerprint);
        AuditCursor newer = before == null ? null : AuditCursor.decode("before", before, fingerprint);
        progress.awaitPosition(AuditProjection.NAME, waitFor);
        // one row past the page says whether there is another page beyond it
        params.addValue("limit", paging.size() + 1).addValue("countLimit", COUNT_LIMIT + 1);
        String pageQuery;
        if (older != null) {
            params.addValue("position", older.position());
            pageQuery = where + " AND global_index < :position ORDER BY global_index DESC LIMIT :limit";
        } else if (newer != null) {
            params.addValue("position", newer.position());
            pageQuery = where + " AND global_index > :position ORDER BY global_index ASC LIMIT :limit";
        } else {
            params.addValue("offset", paging.offset());
            pageQuery = where + " ORDER BY global_index DESC LIMIT :limit OFFSET :offset";
        }
        AuditEntryPage stored = tenantScope.read(caller.tenantId(), () -> {
            Long counted = sql.queryForObject("SELECT count(*) FROM (SELECT 1 FROM audit_entry" + where
                    + " LIMIT :countLimit) counted", params, Long.class);
            List<AuditEntry> read = entries.rows(pageQuery, params);
            long total = counted == null ? 0 : counted;
            return page(read, newer != null, older, newer, paging, Math.min(total, COUNT_LIMIT),
                    total <= COUNT_LIMIT, fingerprint);
        });
        return new AuditEntryPage(entries.withExplain(caller.tenantId(), stored.items()), stored.page(), stored.size(),
                stored.total(), stored.totalExact(), stored.next(), stored.previous());
    }

    /**
     * The page newest first, and the cursors to its neighbours. {@code read} holds up to one row more
     * than the page, in the order the query walked: away from the cursor.
     */
    private static AuditEntryPage page(List<AuditEntry> read, boolean walkedUp, AuditCursor older,
                                       AuditCursor newer, Paging paging, long total, boolean totalExact,
                                       String fingerprint) {
        boolean beyond = read.size() > paging.size();
        List<AuditEntry> items = new ArrayList<>(read.subList(0, Math.min(read.size(), paging.size())));
        if (walkedUp) {
            Collections.reverse(items);
        }
        boolean olderExist = walkedUp || beyond;
        boolean newerExist = walkedUp ? beyond : older != null || paging.page() > 0;
        String next = null;
        String previous = null;
        if (!items.isEmpty()) {
            next = olderExist ? new AuditCursor(items.get(items.size() - 1).position(), fingerprint).encode() : null;
            previous = newerExist ? new AuditCursor(items.get(0).position(), fingerprint).encode() : null;
        } else if (older != null) {
            // past the oldest entry: the way back is every entry from the cursor's position up
            previous = new AuditCursor(Math.max(older.position() - 1, 0), fingerprint).encode();
        } else if (newer != null) {
            next = new AuditCursor(newer.position() + 1, fingerprint).encode();
        }
        return new AuditEntryPage(items, paging.page(), paging.size(), total, totalExact, next, previous);
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
