package dev.calibrate.kernel.message;

/** Keys every event's metadata carries, so the event store doubles as the audit log. */
public final class MetadataKeys {
    public static final String TENANT_ID = "tenantId";
    public static final String ACTOR = "actor";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String REQUEST_ID = "requestId";

    private MetadataKeys() {
    }
}
