package dev.calibrate.query.audit;

import dev.calibrate.kernel.message.BatchedWrites;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.MetadataKeys;
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
 * kept a copy in {@code explain}, which is still answered). Append-only, so it is
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

    private final JdbcTemplate jdbc;

    AuditProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DomainEvent event, EventMessage<?> message, TrackingToken token) {
        BatchedWrites.statements(AuditProjection.class, jdbc::batchUpdate).add(INSERT,
                message.getIdentifier(), message.getIdentifier(), token.position().orElse(-1),
                event.tenantId().value(), event.entityType(), event.entityId(),
                message.getPayloadType().getSimpleName(),
                String.valueOf(message.getMetaData().getOrDefault(MetadataKeys.ACTOR, "system")),
                message.getMetaData().get(MetadataKeys.CORRELATION_ID),
                message.getMetaData().get(MetadataKeys.REQUEST_ID),
                Timestamp.from(message.getTimestamp()));
    }


    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM audit_entry");
    }
}
