package dev.calibrate.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.BatchedWrites;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.EventTable;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * The audit log ({@code audit_entry}): one row per domain event, with the actor and request from
 * its metadata. The explain trace of a price a price change set is not copied: the row names its
 * event ({@code event_id}), and the audit endpoint reads the trace from there (rows written before
 * kept a copy in {@code explain}, which is still answered, and so do rows written under the
 * axonserver profile, which has no event table to read it from). Append-only, so it is
 * plain SQL: the rows of a whole batch of events go to the database as one JDBC batch just before
 * the batch's transaction commits (with the processor's token), keyed by event id so that a
 * redelivered event is left alone. Rebuilt by replay.
 */
@Component
@ProcessingGroup(AuditProjection.NAME)
public class AuditProjection {

    public static final String NAME = "audit";
    /*
     * The global index comes from the event store row, not from the tracking token: an event that
     * commits after a later one (concurrent transactions leave a gap that it fills) carries a token
     * whose position is the highest index seen so far, not its own. Taken from the token, the index
     * would depend on how the writes interleaved, and a replay would not rebuild it exactly.
     */
    private static final String INSERT = "INSERT INTO audit_entry (event_id, global_index, tenant_id, entity_type, "
            + "entity_id, action, actor, correlation_id, request_id, at) "
            + "VALUES (?, COALESCE((SELECT e.globalindex FROM domainevententry e WHERE e.eventidentifier = ?), ?), "
            + "?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";

    /*
     * Where the events are in Axon Server (the axonserver profile) there is no event table to read the index
     * or, later, the explain from: Axon Server hands positions out in commit order, so the token's is the
     * event's own, and the row keeps a copy of the price's explain trace.
     */
    private static final String INSERT_KEEPING_EXPLAIN = "INSERT INTO audit_entry (event_id, global_index, "
            + "tenant_id, entity_type, entity_id, action, actor, correlation_id, request_id, at, explain) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB)) ON CONFLICT (event_id) DO NOTHING";

    private final JdbcTemplate jdbc;
    private final EventTable eventTable;
    private final ObjectMapper mapper;

    AuditProjection(JdbcTemplate jdbc, EventTable eventTable, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.eventTable = eventTable;
        this.mapper = mapper;
    }

    @EventHandler
    void on(DomainEvent event, EventMessage<?> message, TrackingToken token) {
        if (!eventTable.holdsEvents()) {
            BatchedWrites.statements(AuditProjection.class, jdbc::batchUpdate).add(INSERT_KEEPING_EXPLAIN,
                    message.getIdentifier(), token.position().orElse(-1),
                    event.tenantId().value(), event.entityType(), event.entityId(),
                    message.getPayloadType().getSimpleName(),
                    String.valueOf(message.getMetaData().getOrDefault(MetadataKeys.ACTOR, "system")),
                    message.getMetaData().get(MetadataKeys.CORRELATION_ID),
                    message.getMetaData().get(MetadataKeys.REQUEST_ID),
                    Timestamp.from(message.getTimestamp()), explainOf(event));
            return;
        }
        BatchedWrites.statements(AuditProjection.class, jdbc::batchUpdate).add(INSERT,
                message.getIdentifier(), message.getIdentifier(), token.position().orElse(-1),
                event.tenantId().value(), event.entityType(), event.entityId(),
                message.getPayloadType().getSimpleName(),
                String.valueOf(message.getMetaData().getOrDefault(MetadataKeys.ACTOR, "system")),
                message.getMetaData().get(MetadataKeys.CORRELATION_ID),
                message.getMetaData().get(MetadataKeys.REQUEST_ID),
                Timestamp.from(message.getTimestamp()));
    }

    private String explainOf(DomainEvent event) {
        if (!(event instanceof ProductPriceChanged changed) || changed.explain() == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(changed.explain());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an explain trace did not write as JSON", e);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM audit_entry");
    }
}
