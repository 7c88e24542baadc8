package dev.calibrate.app.audit.seal;

import org.springframework.jdbc.core.RowMapper;

/**
 * How the audit log reads events from the store: the columns a leaf covers, the payload and metadata
 * hashed by PostgreSQL (so sealing and verifying never carry payloads over the wire).
 */
public final class StoredEvents {

    public static final String COLUMNS = """
            globalindex, tenant_id, eventidentifier, aggregateidentifier, type, sequencenumber, payloadtype,
            payloadrevision, timestamp, sha256(payload) AS payload_sha256,
            sha256(coalesce(metadata, ''::bytea)) AS metadata_sha256""";

    public static final RowMapper<SealedEvent> EVENT = (rs, row) -> new SealedEvent(rs.getLong("globalindex"),
            rs.getString("eventidentifier"), rs.getString("aggregateidentifier"), rs.getString("type"),
            rs.getLong("sequencenumber"), rs.getString("payloadtype"), rs.getString("payloadrevision"),
            rs.getString("timestamp"), rs.getBytes("payload_sha256"), rs.getBytes("metadata_sha256"));

    private StoredEvents() {
    }
}
