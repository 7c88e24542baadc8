package dev.calibrate.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.BatchedWrites;
import dev.calibrate.kernel.message.DomainEvent;
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
 * its metadata, and the explain trace of every price a price change set. Append-only, so it is
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
            + "entity_id, action, actor, correlation_id, request_id, explain, at) "
            + "VALUES (?, COALESCE((SELECT e.globalindex FROM domainevententry e WHERE e.eventidentifier = ?), ?), "
            + "?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?) ON CONFLICT (event_id) DO NOTHING";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    AuditProjection(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
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
                explain(event),
                Timestamp.from(message.getTimestamp()));
    }

    /** The explain trace as JSON when the event carries one (a price a price change set), else null. */
    private String explain(DomainEvent event) {
        if (!(event instanceof ProductPriceChanged changed) || changed.explain() == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(changed.explain());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("explain trace of " + changed.productId() + " is not JSON", e);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM audit_entry");
    }
}
