package dev.calibrate.query.audit;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.MetadataKeys;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.config.ProcessingGroup;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * The audit log ({@code audit_entry}): one row per domain event, with the actor and request from
 * its metadata. Append-only, so it is plain SQL: one INSERT per event, keyed by event id, that a
 * redelivered event leaves alone. Rebuilt by replay.
 */
@Component
@ProcessingGroup(AuditProjection.NAME)
public class AuditProjection {

    public static final String NAME = "audit";

    private final JdbcTemplate jdbc;

    AuditProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DomainEvent event, EventMessage<?> message, TrackingToken token) {
        jdbc.update("INSERT INTO audit_entry (event_id, global_index, tenant_id, entity_type, entity_id, action, "
                        + "actor, correlation_id, request_id, explain, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) "
                        + "ON CONFLICT (event_id) DO NOTHING",
                message.getIdentifier(), token.position().orElse(-1), event.tenantId().value(), event.entityType(),
                event.entityId(), message.getPayloadType().getSimpleName(),
                String.valueOf(message.getMetaData().getOrDefault(MetadataKeys.ACTOR, "system")),
                message.getMetaData().get(MetadataKeys.CORRELATION_ID), message.getMetaData().get(MetadataKeys.REQUEST_ID),
                Timestamp.from(message.getTimestamp()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM audit_entry");
    }
}
