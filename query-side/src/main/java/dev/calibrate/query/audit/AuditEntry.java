package dev.calibrate.query.audit;

import dev.calibrate.query.projection.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One line of the audit log: who did what to which entity, when, and why (the explain trace). */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends AssignedIdEntity<String> {

    @Id
    @Column(name = "event_id")
    private String eventId;
    @Column(name = "global_index")
    private long globalIndex;
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Column(name = "entity_type")
    private String entityType;
    @Column(name = "entity_id")
    private String entityId;
    private String action;
    private String actor;
    @Column(name = "correlation_id")
    private String correlationId;
    @Column(name = "request_id")
    private String requestId;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> explain;
    private Instant at;

    protected AuditEntry() {
    }

    AuditEntry(String eventId, long globalIndex, UUID tenantId, String entityType, String entityId, String action,
               String actor, String correlationId, String requestId, Map<String, Object> explain, Instant at) {
        this.eventId = eventId;
        this.globalIndex = globalIndex;
        this.tenantId = tenantId;
        this.entityType = entityType;
        this.entityId = entityId;
        this.action = action;
        this.actor = actor;
        this.correlationId = correlationId;
        this.requestId = requestId;
        this.explain = explain;
        this.at = at;
    }

    public String getEventId() {
        return eventId;
    }

    public long getGlobalIndex() {
        return globalIndex;
    }

    public String getEntityType() {
        return entityType;
    }

    public String getEntityId() {
        return entityId;
    }

    public String getAction() {
        return action;
    }

    public String getActor() {
        return actor;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public String getRequestId() {
        return requestId;
    }

    public Map<String, Object> getExplain() {
        return explain;
    }

    public Instant getAt() {
        return at;
    }

    @Override
    public String getId() {
        return eventId;
    }
}
