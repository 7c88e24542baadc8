package dev.calibrate.app.audit.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/** What the tamper-evident audit log answers (docs/audit.md). Hashes are lower-case hex unless named base64. */
public final class AuditLogApi {

    private AuditLogApi() {
    }

    @Schema(description = "A key that signs (or signed) checkpoints.")
    public record PublicKeyView(
            @Schema(description = "The signed-note key id: hex of the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ publicKey).",
                    example = "4f1c2a9b") String keyId,
            @Schema(description = "The signer name on the signature line.", example = "calibrate") String name,
            @Schema(example = "Ed25519") String algorithm,
            @Schema(description = "The raw 32-byte Ed25519 public key, base64.",
                    example = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=") String publicKey,
            Instant createdAt,
            @Nullable @Schema(description = "When it stopped signing new checkpoints; null for the active key.") Instant retiredAt) {
    }

    @Schema(description = "A signed checkpoint of the tenant's log.")
    public record CheckpointView(
            @Schema(example = "calibrate.local/tenants/6f1c7a52-0b7e-4d43-9a53-3f9f0e0c2a11") String origin,
            @Schema(description = "Leaves in the tree when signed.", example = "1000") long treeSize,
            @Schema(description = "The RFC 6962 root hash, hex.",
                    example = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328") String rootHash,
            @Schema(example = "4f1c2a9b") String keyId,
            Instant timestamp,
            @Schema(description = "The checkpoint as a C2SP signed note, exactly as signed.") String note) {
    }

    public record CheckpointPage(List<CheckpointView> items,
                                 @Schema(description = "Pass as from= to read on; null when there are no more.",
                                         example = "2001") @Nullable Long next) {
    }

    @Schema(description = "RFC 6962 inclusion proof of one event's leaf.")
    public record InclusionProof(
            String eventId,
            @Schema(description = "The event's position in the event store.", example = "1042") long position,
            @Schema(example = "41") long leafIndex,
            @Schema(example = "1000") long treeSize,
            @Schema(description = "SHA-256(0x00 ‖ leaf), hex.") String leafHash,
            @Schema(description = "The audit path, nearest sibling first, hex.") List<String> auditPath,
            @Schema(description = "The root of the tree of treeSize leaves, hex.") String rootHash) {
    }

    @Schema(description = "RFC 6962 consistency proof between two tree sizes.")
    public record ConsistencyProof(
            @Schema(example = "1000") long from,
            @Schema(example = "2000") long to,
            @Schema(description = "The proof, hex.") List<String> path,
            @Schema(description = "The root of the tree of from leaves, hex.") String fromRoot,
            @Schema(description = "The root of the tree of to leaves, hex.") String toRoot) {
    }
}
