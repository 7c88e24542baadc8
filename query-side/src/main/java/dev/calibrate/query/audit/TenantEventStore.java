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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event store as a request may read it: as the request role with the caller's tenant set, so
 * PostgreSQL's row-level security on {@code domainevententry.tenant_id} hides every other tenant's
 * events whatever the id asked for. Another tenant's aggregate reads exactly like an unknown one.
 */
@Component
public class TenantEventStore {

    private static final String FEATURE = "product history, price-at and provenance";

    // the tenant filter restates the row policy, and lets the planner use the tenant index
    private static final String AGGREGATE_EVENTS = """
            SELECT type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                   payloadtype, payloadrevision, payload, metadata
              FROM domainevententry
             WHERE aggregateidentifier = ? AND tenant_id = ? AND type = ?
             ORDER BY sequencenumber""";

    private static final String EVENTS_BY_ID = """
            SELECT type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                   payloadtype, payloadrevision, payload, metadata
              FROM domainevententry
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
     * The aggregate's events in order, upcast as Axon would; none when it is not the tenant's, or is
     * another type of aggregate than asked (ids are name-based, so a type mismatch must read as unknown).
     */
    public List<DomainEventMessage<?>> aggregateEvents(TenantId tenantId, String aggregateType, String aggregateId) {
        eventTable.requireFor(FEATURE);
        List<DomainEventData<byte[]>> entries = tenantScope.read(tenantId,
                () -> jdbc.query(AGGREGATE_EVENTS, ENTRY, aggregateId, tenantId.value(), aggregateType));
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
