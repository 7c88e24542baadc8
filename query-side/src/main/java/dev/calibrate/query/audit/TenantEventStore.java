package dev.calibrate.query.audit;

import dev.calibrate.kernel.message.EventTable;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The event store as a request may read it: as the request role with the caller's tenant set, so
 * PostgreSQL's row-level security on {@code domainevententry.tenant_id} hides every other tenant's
 * events whatever the id asked for. Another tenant's aggregate reads exactly like an unknown one.
 */
@Component
public class TenantEventStore {

    private static final String FEATURE = "product history, price-at and provenance";

    private static final String COLUMNS = """
            SELECT type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                   payloadtype, payloadrevision, payload, metadata
              FROM domainevententry""";

    // the tenant filter restates the row policy, and lets the planner use the tenant index
    private static final String EVENTS_AFTER = COLUMNS + """

             WHERE aggregateidentifier = ? AND tenant_id = ? AND type = ? AND sequencenumber > ?
             ORDER BY sequencenumber LIMIT ?""";

    private static final String EVENTS_BEFORE = COLUMNS + """

             WHERE aggregateidentifier = ? AND tenant_id = ? AND type = ? AND sequencenumber < ?
             ORDER BY sequencenumber DESC LIMIT ?""";

    /** Axon stores an event's timestamp as ISO-8601 text, which compares as text only within one format. */
    private static final String PAYLOADS_AT_OR_BEFORE = COLUMNS + """

             WHERE aggregateidentifier = ? AND tenant_id = ? AND type = ? AND sequencenumber < ?
               AND payloadtype = ANY (CAST(? AS varchar[])) AND CAST(timestamp AS timestamptz) <= ?
             ORDER BY sequencenumber DESC LIMIT ?""";

    private static final String EVENTS_BY_ID = COLUMNS + """

             WHERE eventidentifier = ANY (?) AND tenant_id = ?""";

    private static final RowMapper<DomainEventData<byte[]>> ENTRY = (rs, row) -> new GenericDomainEventEntry<>(
            rs.getString("type"), rs.getString("aggregateidentifier"), rs.getLong("sequencenumber"),
            rs.getString("eventidentifier"), rs.getString("timestamp"), rs.getString("payloadtype"),
            rs.getString("payloadrevision"), rs.getBytes("payload"), rs.getBytes("metadata"));

    private final TenantScope tenantScope;
    private final JdbcTemplate jdbc;
    private final EventTable eventTable;
    private final Serializer eventSerializer;
    private final Configuration axon;

    public TenantEventStore(TenantScope tenantScope, JdbcTemplate jdbc, EventTable eventTable, @Qualifier("eventSerializer") Serializer eventSerializer,
                            Configuration axon) {
        this.tenantScope = tenantScope;
        this.jdbc = jdbc;
        this.eventTable = eventTable;
        this.eventSerializer = eventSerializer;
        this.axon = axon;
    }

    /**
     * At most {@code limit} of the aggregate's events after sequence number {@code after} (-1: from its first), in
     * order, upcast as Axon would; none when it is not the tenant's, or is another type of aggregate than asked
     * (ids are name-based, so a type mismatch must read as unknown). One page at a time, so an aggregate's
     * length never decides how much a request holds.
     */
    public List<DomainEventMessage<?>> eventsAfter(TenantId tenantId, String aggregateType, String aggregateId,
                                                   long after, int limit) {
        return read(tenantId, EVENTS_AFTER, aggregateId, tenantId.value(), aggregateType, after, limit);
    }

    /** At most {@code limit} of the aggregate's events before sequence number {@code before}, newest first. */
    public List<DomainEventMessage<?>> eventsBefore(TenantId tenantId, String aggregateType, String aggregateId,
                                                    long before, int limit) {
        return read(tenantId, EVENTS_BEFORE, aggregateId, tenantId.value(), aggregateType, before, limit);
    }

    /**
     * At most {@code limit} of the aggregate's events of these payload types (class names) stamped at or before
     * {@code at} and before sequence number {@code before}, newest first. {@code at} must lie in the years 1 to
     * 9999, as every stored time does. PostgreSQL walks the newer events to fill the page (the filters are on
     * rows the key finds), so the statement runs under {@code statementTimeout}.
     */
    public List<DomainEventMessage<?>> eventsAtOrBefore(TenantId tenantId, String aggregateType, String aggregateId,
                                                        Collection<Class<?>> payloadTypes, Instant at, long before,
                                                        int limit, Duration statementTimeout) {
        // class names hold no comma, quote or brace: an array literal of them needs no escaping
        String types = payloadTypes.stream().map(Class::getName).collect(Collectors.joining(",", "{", "}"));
        return read(tenantId, statementTimeout, PAYLOADS_AT_OR_BEFORE, aggregateId, tenantId.value(), aggregateType,
                before, types, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), limit);
    }

    private List<DomainEventMessage<?>> read(TenantId tenantId, String query, Object... arguments) {
        return read(tenantId, null, query, arguments);
    }

    /** With a timeout, PostgreSQL cancels the statement when it runs longer (SQL state 57014). */
    private List<DomainEventMessage<?>> read(TenantId tenantId, Duration statementTimeout, String query,
                                             Object... arguments) {
        eventTable.requireFor(FEATURE);
        List<DomainEventData<byte[]>> entries = tenantScope.read(tenantId, () -> {
            if (statementTimeout != null) {
                jdbc.execute("SET LOCAL statement_timeout = " + Math.max(1, statementTimeout.toMillis()));
            }
            return jdbc.query(query, ENTRY, arguments);
        });
        return EventStreamUtils.upcastAndDeserializeDomainEvents(entries.stream(), eventSerializer, axon.upcasterChain())
                .asStream().<DomainEventMessage<?>>map(event -> event).toList();
    }

    /** The tenant's events of these ids, by id, upcast as Axon would; another tenant's are absent. */
    public Map<String, DomainEventMessage<?>> events(TenantId tenantId, Collection<String> eventIds) {
        eventTable.requireFor(FEATURE);
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        String[] ids = eventIds.toArray(String[]::new);
        List<DomainEventData<byte[]>> entries = tenantScope.read(tenantId, () -> jdbc.query(EVENTS_BY_ID, ENTRY,
                jdbc.execute((Connection c) -> c.createArrayOf("varchar", ids)), tenantId.value()));
        Map<String, DomainEventMessage<?>> events = new HashMap<>();
        EventStreamUtils.upcastAndDeserializeDomainEvents(entries.stream(), eventSerializer, axon.upcasterChain())
                .asStream().forEach(event -> events.put(event.getIdentifier(), event));
        return events;
    }
}
