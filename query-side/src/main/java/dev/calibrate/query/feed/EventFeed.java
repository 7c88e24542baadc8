package dev.calibrate.query.feed;

import dev.calibrate.kernel.message.EventTable;
import dev.calibrate.query.consistency.ReadTimedOut;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.feed.FeedApi.CloudEvent;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A tenant's events from the event store, in position order, as CloudEvents, never past the
 * {@link SafeHorizon}: what the feed, its stream and (later) webhook deliveries read. Read as the
 * request role with the tenant set ({@link TenantScope#read}), so row-level security keeps every
 * other tenant's events out whatever is asked; the connection is held for the one query only.
 */
@Component
public class EventFeed implements FeedPages {

    private static final String FEATURE = "the event feed and its stream";

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    /** {@code calibrateerror} of an event whose payload this release cannot decode (or upcast). */
    public static final String UNDECODABLE = "undecodable";
    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
    /** Positions already logged as undecodable; forgotten (and so logged again) past this many. */
    private static final int MAX_REPORTED = 10_000;
    private static final String QUERY_CANCELED = "57014";

    private final TenantScope tenantScope;
    private final JdbcTemplate jdbc;
    private final EventTable eventTable;
    private final Serializer eventSerializer;
    private final Configuration axon;
    private final ObjectMapper mapper;
    private final EventTypes types;
    private final SafeHorizon horizon;
    private final FeedLimits limits;
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();

    public EventFeed(TenantScope tenantScope, JdbcTemplate jdbc, EventTable eventTable, @Qualifier("eventSerializer") Serializer eventSerializer,
                     Configuration axon, ObjectMapper mapper, EventTypes types, SafeHorizon horizon,
                     FeedLimits limits) {
        this.tenantScope = tenantScope;
        this.jdbc = jdbc;
        this.eventTable = eventTable;
        this.eventSerializer = eventSerializer;
        this.axon = axon;
        this.mapper = mapper;
        this.types = types;
        this.horizon = horizon;
        this.limits = limits;
    }

    /**
     * The next events of the query, at most {@code limit}, none past the safe horizon, found among at
     * most the scan window's next events of the tenant (a filter that matches few of them returns few or
     * none, with a {@code next} past the window), read within the statement timeout (else a 503).
     */
    @Override
    public Page page(TenantId tenantId, FeedQuery query) {
        eventTable.requireFor(FEATURE);
        long upTo = horizon.position();
        if (upTo <= query.after()) {
            return new Page(List.of(), query.after());
        }
        int window = query.names().isEmpty() && query.subject() == null ? query.limit() : limits.scanWindow();
        Scan scan = read(tenantId, query, upTo, window);
        List<CloudEvent> events = cloudEvents(tenantId, scan.rows());
        long next;
        boolean more = true;
        if (scan.rows().size() == query.limit()) {
            next = scan.rows().get(scan.rows().size() - 1).position();
        } else if (scan.scanned() == window) {
            // the window ended before the horizon: resume after what it scanned, not after what it found
            next = scan.scannedTo();
        } else {
            more = false;
            // every event of the query up to the horizon was read: resume from there, so a sparse filter
            // does not read the same stretch again
            next = Math.max(query.after(), upTo);
        }
        return new Page(events, next, more);
    }

    /**
     * A page as read: its events, the position the next page of the same query starts after, and whether
     * the store may hold more of them below the horizon already (the page was full, or its scan window
     * ended first): then the next page is worth reading at once.
     */
    public record Page(List<CloudEvent> events, long next, boolean more) {

        public Page(List<CloudEvent> events, long next) {
            this(events, next, false);
        }
    }

    /** The SQL of a page (parameters as {@link #statement} sets them), for EXPLAIN in tests and benchmarks. */
    public static String pageSql(boolean byType, boolean bySubject) {
        StringBuilder filters = new StringBuilder("true");
        if (byType) {
            // the stored class name, package and outer class cut off: ProductMessages$ProductCreated -> ProductCreated
            filters.append(" AND regexp_replace(payloadtype, '^.*[.$]', '') = ANY (?)");
        }
        if (bySubject) {
            filters.append(" AND aggregateidentifier = ?");
        }
        // scanned: the window, narrow rows through the (tenant_id, globalindex) index (the tenant filter
        // restates the row policy to pick it); the payloads of the rows that match only are fetched after
        return """
                WITH scanned AS MATERIALIZED (
                    SELECT globalindex, payloadtype, aggregateidentifier
                      FROM domainevententry
                     WHERE tenant_id = ? AND globalindex > ? AND globalindex <= ?
                     ORDER BY globalindex
                     LIMIT ?),
                matched AS (
                    SELECT globalindex FROM scanned WHERE %s ORDER BY globalindex LIMIT ?)
                SELECT w.scanned, w.scanned_to, e.globalindex, e.type, e.aggregateidentifier, e.sequencenumber,
                       e.eventidentifier, e.timestamp, e.payloadtype, e.payloadrevision, e.payload, e.metadata
                  FROM (SELECT count(*) AS scanned, max(globalindex) AS scanned_to FROM scanned) w
                  LEFT JOIN (matched m JOIN domainevententry e ON e.globalindex = m.globalindex) ON true
                 ORDER BY e.globalindex""".formatted(filters);
    }

    private record Scan(List<StoredRow> rows, int scanned, long scannedTo) {
    }

    private Scan read(TenantId tenantId, FeedQuery query, long upTo, int window) {
        try {
            return tenantScope.read(tenantId, () -> {
                jdbc.execute("SET LOCAL statement_timeout = " + limits.statementTimeout().toMillis());
                return jdbc.query(connection -> statement(connection, tenantId, query, upTo, window), (ResultSet rs) -> {
                    List<StoredRow> rows = new ArrayList<>();
                    int scanned = 0;
                    long scannedTo = query.after();
                    while (rs.next()) {
                        scanned = rs.getInt("scanned");
                        scannedTo = scanned == 0 ? scannedTo : rs.getLong("scanned_to");
                        if (rs.getObject("globalindex") != null) {
                            rows.add(row(rs));
                        }
                    }
                    return new Scan(rows, scanned, scannedTo);
                });
            });
        } catch (DataAccessException e) {
            if (e.getMostSpecificCause() instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                throw new ReadTimedOut(ReadTimedOut.Read.FEED, limits.statementTimeout(), e);
            }
            throw e;
        }
    }

    private PreparedStatement statement(java.sql.Connection connection, TenantId tenantId, FeedQuery query,
                                        long upTo, int window) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(pageSql(!query.names().isEmpty(),
                query.subject() != null));
        int i = 1;
        statement.setObject(i++, tenantId.value());
        statement.setLong(i++, query.after());
        statement.setLong(i++, upTo);
        statement.setInt(i++, window);
        if (!query.names().isEmpty()) {
            statement.setArray(i++, connection.createArrayOf("varchar", query.names().toArray()));
        }
        if (query.subject() != null) {
            statement.setString(i++, query.subject());
        }
        statement.setInt(i, query.limit());
        return statement;
    }

    private record StoredRow(long position, DomainEventData<byte[]> entry) {
    }

    private static StoredRow row(ResultSet rs) throws SQLException {
        return new StoredRow(rs.getLong("globalindex"), new GenericDomainEventEntry<>(rs.getString("type"),
                rs.getString("aggregateidentifier"), rs.getLong("sequencenumber"), rs.getString("eventidentifier"),
                rs.getString("timestamp"), rs.getString("payloadtype"), rs.getString("payloadrevision"),
                rs.getBytes("payload"), rs.getBytes("metadata")));
    }

    /**
     * Upcast and deserialized as Axon reads them, so data is in each schema's current version; one row at
     * a time, so that a row that cannot be decoded is served without its data rather than failing the page.
     */
    private List<CloudEvent> cloudEvents(TenantId tenantId, List<StoredRow> rows) {
        String source = "/tenants/" + tenantId;
        List<CloudEvent> events = new ArrayList<>(rows.size());
        for (StoredRow row : rows) {
            try {
                List<CloudEvent> decoded = new ArrayList<>(1);
                EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row.entry()), eventSerializer,
                        axon.upcasterChain()).asStream().forEach(message -> decoded.add(
                        cloudEvent(source, message, row.position())));
                events.addAll(decoded);
            } catch (RuntimeException undecodable) {
                events.add(undecodable(tenantId, source, row, undecodable));
            }
        }
        return events;
    }

    private CloudEvent cloudEvent(String source, DomainEventMessage<?> message, long position) {
        if (UnknownSerializedType.class.equals(message.getPayloadType())) {
            throw new IllegalStateException("no class of this release is the event's type");
        }
        String name = message.getPayloadType().getSimpleName();
        return new CloudEvent(SPEC_VERSION, message.getIdentifier(), source, types.type(name),
                message.getAggregateIdentifier(), message.getTimestamp(), CONTENT_TYPE, types.dataschema(name),
                mapper.valueToTree(message.getPayload()), position, null);
    }

    /**
     * The event as far as the row tells without its payload: what it is, whose, when and where, with
     * {@code data} null and {@code calibrateerror} saying why. Logged once per position on this node,
     * without the payload (it may hold people's data).
     */
    private CloudEvent undecodable(TenantId tenantId, String source, StoredRow row, RuntimeException why) {
        DomainEventData<byte[]> entry = row.entry();
        if (reported.size() > MAX_REPORTED) {
            reported.clear();
        }
        if (reported.add(row.position())) {
            log.error("the event at position {} (tenant {}, type {}) cannot be decoded ({}); the feed serves it "
                            + "with data null", row.position(), tenantId, entry.getPayload().getType().getName(),
                    why.getClass().getName());
        }
        String name = entry.getPayload().getType().getName().replaceFirst("^.*[.$]", "");
        return new CloudEvent(SPEC_VERSION, entry.getEventIdentifier(), source, types.type(name),
                entry.getAggregateIdentifier(), time(entry), CONTENT_TYPE, types.dataschema(name), null,
                row.position(), UNDECODABLE);
    }

    @Nullable
    private static Instant time(DomainEventData<byte[]> entry) {
        try {
            return entry.getTimestamp();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
