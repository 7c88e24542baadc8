package dev.calibrate.app.audit.checkpoint;

import dev.calibrate.kernel.tenant.TenantId;

/**
 * Told of each checkpoint as it is signed, inside the signing transaction: what it queues commits with the
 * checkpoint or not at all. The tenant's webhooks take a copy this way ({@code dev.calibrate.AuditCheckpoint.v1}).
 */
public interface CheckpointPublisher {

    void signed(TenantId tenantId, String origin, Checkpoint checkpoint);
}
