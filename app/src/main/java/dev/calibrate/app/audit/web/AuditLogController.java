package dev.calibrate.app.audit.web;

import dev.calibrate.app.audit.checkpoint.Checkpoint;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.keys.SigningKeys;
import dev.calibrate.app.audit.seal.AuditTrees;
import dev.calibrate.app.audit.tree.MerkleTree;
import dev.calibrate.app.audit.verify.AuditVerifier;
import dev.calibrate.app.audit.verify.VerifyReport;
import dev.calibrate.app.audit.web.AuditLogApi.CheckpointPage;
import dev.calibrate.app.audit.web.AuditLogApi.CheckpointView;
import dev.calibrate.app.audit.web.AuditLogApi.ConsistencyProof;
import dev.calibrate.app.audit.web.AuditLogApi.InclusionProof;
import dev.calibrate.app.audit.web.AuditLogApi.PublicKeyView;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** The tenant's tamper-evident audit log: keys, signed checkpoints, proofs, verification (docs/audit.md). */
@RestController
@Tag(name = "Audit")
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
public class AuditLogController {

    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_PAGE = 1000;

    private final TenantScope tenantScope;
    private final AuditTrees trees;
    private final Checkpoints checkpoints;
    private final SigningKeys keys;
    private final AuditVerifier verifier;

    public AuditLogController(TenantScope tenantScope, AuditTrees trees, Checkpoints checkpoints, SigningKeys keys,
                              AuditVerifier verifier) {
        this.tenantScope = tenantScope;
        this.trees = trees;
        this.checkpoints = checkpoints;
        this.keys = keys;
        this.verifier = verifier;
    }

    @GetMapping("/public-keys")
    @RequiresScope(Scope.AUDIT_READ)
    @Operation(operationId = "listAuditPublicKeys", summary = "The keys that sign checkpoints, retired ones included",
            description = "Every Ed25519 key that ever signed a checkpoint, newest first; retired keys stay listed so "
                    + "old checkpoints keep verifying.")
    public List<PublicKeyView> publicKeys(Caller caller) {
        return keys.all().stream().map(key -> new PublicKeyView(key.keyId(), key.name(), "Ed25519",
                Base64.getEncoder().encodeToString(key.publicKey()), key.createdAt(), key.retiredAt())).toList();
    }

    @GetMapping("/checkpoints/latest")
    @RequiresScope(Scope.AUDIT_READ)
    @ErrorResponses({404})
    @Operation(operationId = "getLatestAuditCheckpoint", summary = "The tenant's latest signed checkpoint",
            description = "404 until the tenant's first events are sealed and signed.")
    public CheckpointView latest(Caller caller) {
        TenantId tenantId = caller.tenantId();
        return tenantScope.read(tenantId, () -> checkpoints.latest(tenantId))
                .map(checkpoint -> view(tenantId, checkpoint)).orElseThrow(() -> new NotFound("checkpoint"));
    }

    @GetMapping("/checkpoints")
    @RequiresScope(Scope.AUDIT_READ)
    @Operation(operationId = "listAuditCheckpoints", summary = "The tenant's signed checkpoints, oldest first")
    public CheckpointPage list(@Parameter(description = "Checkpoints of at least this tree size.", example = "0")
                               @RequestParam(defaultValue = "0") long from,
                               @Parameter(description = "At most this many, 1 to 1,000.")
                               @RequestParam(defaultValue = "100") int limit,
                               Caller caller) {
        if (from < 0) {
            throw new InvalidInput("from", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInput("limit", "must be between 1 and " + MAX_PAGE);
        }
        TenantId tenantId = caller.tenantId();
        List<Checkpoint> page = tenantScope.read(tenantId, () -> checkpoints.from(tenantId, from, limit + 1));
        Long next = page.size() > limit ? page.get(limit).treeSize() : null;
        return new CheckpointPage(page.stream().limit(limit).map(checkpoint -> view(tenantId, checkpoint)).toList(), next);
    }

    @GetMapping("/proofs/inclusion")
    @RequiresScope(Scope.AUDIT_READ)
    @ErrorResponses({404})
    @Operation(operationId = "getAuditInclusionProof", summary = "Proves an event is in the tenant's log (RFC 6962)",
            description = "The audit path of the event's leaf in the tree of treeSize leaves (by default the latest "
                    + "checkpoint's if it holds the event, else the sealed size). 404 for an event that is not the "
                    + "tenant's or not sealed yet; 400 for a tree size beyond the sealed one or one that does not hold "
                    + "the event yet.")
    public InclusionProof inclusion(@RequestParam String eventId,
                                    @Parameter(description = "The tree size to prove against, e.g. a checkpoint's.")
                                    @RequestParam(required = false) Long treeSize,
                                    Caller caller) {
        TenantId tenantId = caller.tenantId();
        return tenantScope.read(tenantId, () -> {
            AuditTrees.Leaf leaf = trees.leafOfEvent(tenantId, eventId).orElseThrow(() -> new NotFound("sealed event"));
            // by default the latest checkpoint's size if it holds the leaf, else the sealed size: an event sealed
            // after the latest checkpoint is still provable, against a root that is not signed yet
            long size = treeSize != null ? treeSize
                    : checkpoints.latest(tenantId).map(Checkpoint::treeSize).filter(signed -> signed > leaf.index())
                    .orElse(trees.size(tenantId));
            checkSize("treeSize", size, trees.size(tenantId));
            if (leaf.index() >= size) {
                throw new InvalidInput("treeSize", "the event is leaf " + leaf.index() + ": ask for a tree size above it");
            }
            MerkleTree.Nodes nodes = trees.nodes(tenantId);
            return new InclusionProof(leaf.eventId(), leaf.position(), leaf.index(), size, HEX.formatHex(leaf.hash()),
                    hex(MerkleTree.inclusionProof(nodes, leaf.index(), size)), HEX.formatHex(MerkleTree.root(nodes, size)));
        });
    }

    @GetMapping("/proofs/consistency")
    @RequiresScope(Scope.AUDIT_READ)
    @Operation(operationId = "getAuditConsistencyProof", summary = "Proves a smaller tree is a prefix of a larger one (RFC 6962)",
            description = "0 ≤ from ≤ to ≤ the sealed size, else 400. The path is empty when from is 0 or equals to.")
    public ConsistencyProof consistency(@RequestParam long from, @RequestParam long to, Caller caller) {
        TenantId tenantId = caller.tenantId();
        return tenantScope.read(tenantId, () -> {
            long sealed = trees.size(tenantId);
            checkSize("to", to, sealed);
            if (from < 0 || from > to) {
                throw new InvalidInput("from", "must be between 0 and to (" + to + ")");
            }
            MerkleTree.Nodes nodes = trees.nodes(tenantId);
            return new ConsistencyProof(from, to, hex(MerkleTree.consistencyProof(nodes, from, to)),
                    HEX.formatHex(MerkleTree.root(nodes, from)), HEX.formatHex(MerkleTree.root(nodes, to)));
        });
    }

    @GetMapping("/verify")
    @RequiresScope(Scope.AUDIT_READ)
    @ErrorResponses({429})
    @Operation(operationId = "verifyAuditLog", summary = "Recomputes a range of the log from the stored events",
            description = "Leaves [from, to) recomputed from the event store and compared with the sealed leaves, "
                    + "subtrees and the signed checkpoints in the range; names the first bad position. By default "
                    + "the range up to the latest checkpoint, at most calibrate.audit.verify-max-range leaves; a "
                    + "longer range is a 400. One verification per tenant at a time: 429 while one runs.")
    public VerifyReport verify(@Parameter(description = "The first leaf index.") @RequestParam(required = false) Long from,
                               @Parameter(description = "One past the last leaf index.") @RequestParam(required = false) Long to,
                               Caller caller) {
        return verifier.verify(caller.tenantId(), from, to);
    }

    private static void checkSize(String field, long size, long sealed) {
        if (size < 0 || size > sealed) {
            throw new InvalidInput(field, "must be between 0 and the sealed size, " + sealed);
        }
    }

    private CheckpointView view(TenantId tenantId, Checkpoint checkpoint) {
        return new CheckpointView(checkpoints.origin(tenantId), checkpoint.treeSize(), HEX.formatHex(checkpoint.rootHash()),
                checkpoint.keyId(), checkpoint.signedAt(), checkpoint.note());
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
