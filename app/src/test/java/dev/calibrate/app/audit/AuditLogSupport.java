package dev.calibrate.app.audit;

import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * What the audit log tests share: sealing a tenant's events now (rather than waiting for the task),
 * and the leaf of a stored row computed the way an outside auditor would, from the row alone.
 */
final class AuditLogSupport {

    private AuditLogSupport() {
    }

    static List<Map<String, Object>> storedEvents(Environment env, String tenantId) {
        try (Sql owner = Sql.connect(env)) {
            return owner.query("""
                    SELECT globalindex, eventidentifier, aggregateidentifier, type, sequencenumber, payloadtype,
                           payloadrevision, timestamp, payload, metadata
                      FROM domainevententry WHERE tenant_id = ?::uuid ORDER BY globalindex""", tenantId);
        }
    }

    /** Seals until every event of the tenant now in the store is in its tree, then signs a checkpoint. */
    static void sealAndSign(AuditSealer sealer, Checkpoints checkpoints, Environment env, String tenantId) {
        seal(sealer, env, tenantId);
        checkpoints.signNow(TenantId.parse(tenantId));
    }

    /** Seals until every event of the tenant now in the store is in its tree; signs nothing. */
    static void seal(AuditSealer sealer, Environment env, String tenantId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(150)).until(() -> {
            sealer.sealDue(() -> false);
            try (Sql owner = Sql.connect(env)) {
                long stored = owner.count("SELECT count(*) FROM domainevententry WHERE tenant_id = ?::uuid", tenantId);
                long sealed = owner.count("SELECT coalesce(max(tree_size), 0) FROM audit_tree WHERE tenant_id = ?::uuid", tenantId);
                return stored > 0 && sealed == stored;
            }
        });
    }

    /** docs/audit.md's leaf, written out independently of the production code. */
    static String leafJson(Map<String, Object> row) {
        byte[] metadata = row.get("metadata") == null ? new byte[0] : (byte[]) row.get("metadata");
        return "{\"aggregateId\":" + str(row.get("aggregateidentifier"))
                + ",\"aggregateType\":" + str(row.get("type"))
                + ",\"eventId\":" + str(row.get("eventidentifier"))
                + ",\"metadataSha256\":\"" + sha256(metadata) + "\""
                + ",\"payloadRevision\":" + str(row.get("payloadrevision"))
                + ",\"payloadSha256\":\"" + sha256((byte[]) row.get("payload")) + "\""
                + ",\"position\":" + row.get("globalindex")
                + ",\"sequence\":" + row.get("sequencenumber")
                + ",\"timestamp\":" + str(row.get("timestamp"))
                + ",\"type\":" + str(row.get("payloadtype")) + "}";
    }

    static byte[] leafHash(Map<String, Object> row) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((byte) 0);
            return sha.digest(leafJson(row).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String str(Object value) {
        // the stored strings of these columns have no character JSON must escape
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
