package dev.calibrate.query.audit;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.MetadataKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log ({@code audit_entry}): one row per domain event, with the actor and request from
 * its metadata. Append-only, so it is plain SQL: the rows of a whole batch of events go to the
 * database as one JDBC batch just before the batch's transaction commits (with the processor's
 * token), keyed by event id so that a redelivered event is left alone. Rebuilt by replay.
 */
@Component
@ProcessingGroup(AuditProjection.NAME)
public class AuditProjection {

    public static final String NAME = "audit";
    private static final String PENDING_ROWS = AuditProjection.class.getName() + ".rows";
    private static final String INSERT = "INSERT INTO audit_entry (event_id, global_index, tenant_id, entity_type, "
            + "entity_id, action, actor, correlation_id, request_id, explain, at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (event_id) DO NOTHING";

    private final JdbcTemplate jdbc;

    AuditProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DomainEvent event, EventMessage<?> message, TrackingToken token) {
        pendingRows().add(new Object[]{message.getIdentifier(), token.position().orElse(-1),
                event.tenantId().value(), event.entityType(), event.entityId(),
                message.getPayloadType().getSimpleName(),
                String.valueOf(message.getMetaData().getOrDefault(MetadataKeys.ACTOR, "system")),
                message.getMetaData().get(MetadataKeys.CORRELATION_ID),
                message.getMetaData().get(MetadataKeys.REQUEST_ID),
                Timestamp.from(message.getTimestamp())});
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM audit_entry");
    }

    /** The rows of the batch being processed, written once when its unit of work prepares to commit. */
    private List<Object[]> pendingRows() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_ROWS, key -> {
            List<Object[]> rows = new ArrayList<>();
            batch.onPrepareCommit(uow -> jdbc.batchUpdate(INSERT, rows));
            return rows;
        });
    }
}
