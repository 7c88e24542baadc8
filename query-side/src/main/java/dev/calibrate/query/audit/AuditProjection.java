package dev.calibrate.query.audit;

import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.MetadataKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.stereotype.Component;

/**
 * The audit log: one entry per domain event, with the actor and request from its metadata.
 * Keyed by event id, so redelivery is harmless; rebuilt by replay.
 */
@Component
@ProcessingGroup(AuditProjection.NAME)
public class AuditProjection {

    public static final String NAME = "audit";

    interface AuditEntryRepository extends JpaRepository<AuditEntry, String> {
    }

    private final AuditEntryRepository entries;

    AuditProjection(AuditEntryRepository entries) {
        this.entries = entries;
    }

    @EventHandler
    void on(DomainEvent event, EventMessage<?> message, TrackingToken token) {
        if (entries.existsById(message.getIdentifier())) {
            return;
        }
        entries.save(new AuditEntry(message.getIdentifier(), token.position().orElse(-1),
                event.tenantId().value(), event.entityType(), event.entityId(),
                message.getPayloadType().getSimpleName(),
                String.valueOf(message.getMetaData().getOrDefault(MetadataKeys.ACTOR, "system")),
                (String) message.getMetaData().get(MetadataKeys.CORRELATION_ID),
                (String) message.getMetaData().get(MetadataKeys.REQUEST_ID),
                null, message.getTimestamp()));
    }

    @ResetHandler
    void reset() {
        entries.deleteAllInBatch();
    }
}
