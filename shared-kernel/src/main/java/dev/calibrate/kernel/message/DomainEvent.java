package dev.calibrate.kernel.message;

import dev.calibrate.kernel.tenant.TenantId;

/**
 * Every event Calibrate stores. Each has a JSON Schema in {@code schemas/} and names the entity
 * it is about, which the audit log indexes.
 */
public interface DomainEvent {
    TenantId tenantId();

    /** Kind of entity the event is about, e.g. {@code product}. */
    String entityType();

    /** Identifier of that entity. */
    String entityId();
}
