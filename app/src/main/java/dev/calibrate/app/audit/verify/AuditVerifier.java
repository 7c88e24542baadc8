package dev.calibrate.app.audit.verify;

import dev.calibrate.app.audit.AuditSettings;
import dev.calibrate.app.audit.checkpoint.Checkpoint;
import dev.calibrate.app.audit.checkpoint.CheckpointNote;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.keys.SigningKey;
import dev.calibrate.app.audit.keys.SigningKeys;
import dev.calibrate.app.audit.seal.AuditTrees;
import dev.calibrate.app.audit.seal.SealedEvent;
import dev.calibrate.app.audit.seal.StoredEvents;
import dev.calibrate.app.audit.tree.MerkleTree;
import dev.calibrate.app.audit.verify.VerifyReport.AuditFinding;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recomputes a bounded range of a tenant's log from the event store and compares: each sealed leaf
 * with the event now at its position, each stored subtree with the one the events give, no unsealed
 * event among the range's positions (after the leaf before it, up to the leaf after it or the seal cursor), and each checkpoint in the range (signature, size, origin) with the root
 * the events give. The tree before the range is taken as stored: verified when its own range was.
 * Read as the request role, so only the tenant's rows are seen.
 */
@Component
public class AuditVerifier {

    private final TenantScope tenantScope;
    private final JdbcTemplate jdbc;
    private final AuditTrees trees;
    private final Checkpoints checkpoints;
    private final SigningKeys keys;
    private final AuditSettings settings;
    private final Set<TenantId> running = ConcurrentHashMap.newKeySet();

    public AuditVerifier(TenantScope tenantScope, JdbcTemplate jdbc, AuditTrees trees, Checkpoints checkpoints,
                         SigningKeys keys, AuditSettings settings) {
        this.tenantScope = tenantScope;
        this.jdbc = jdbc;
        this.trees = trees;
        this.checkpoints = checkpoints;
        this.keys = keys;
        this.settings = settings;
    }

    /**
     * Leaves [from, to); by default up to the latest checkpoint (or the sealed size), from
     * {@code verifyMaxRange} leaves before it.
     */
    public VerifyReport verify(TenantId tenantId, Long from, Long to) {
        // one verification per tenant at a time (on this node): each recomputes up to verifyMaxRange leaves
        if (!running.add(tenantId)) {
            throw new VerifyBusy();
        }
        try {
            return verifyRange(tenantId, from, to);
        } finally {
            running.remove(tenantId);
        }
    }

    private VerifyReport verifyRange(TenantId tenantId, Long from, Long to) {
        List<SigningKey> allKeys = keys.all();
        return tenantScope.read(tenantId, () -> {
            long sealed = trees.size(tenantId);
            long end = to != null ? to : checkpoints.latest(tenantId).map(Checkpoint::treeSize).orElse(sealed);
            if (end < 0 || end > sealed) {
                throw new InvalidInput("to", "must be between 0 and the sealed size, " + sealed);
            }
            long start = from != null ? from : Math.max(0, end - settings.verifyMaxRange());
            if (start < 0 || start > end) {
                throw new InvalidInput("from", "must be between 0 and to (" + end + ")");
            }
            if (end - start > settings.verifyMaxRange()) {
                throw new InvalidInput("to", "at most " + settings.verifyMaxRange() + " leaves per request; verify "
                        + "a longer history range by range");
            }
            return check(tenantId, start, end, sealed, allKeys);
        });
    }

    private VerifyReport check(TenantId tenantId, long start, long end, long sealed, List<SigningKey> allKeys) {
        List<AuditTrees.Leaf> leaves = trees.leaves(tenantId, start, end);
        Map<Long, SealedEvent> events = eventsAt(tenantId, leaves);
        Map<String, byte[]> stored = storedSubtrees(tenantId, start, end);
        MerkleTree.Nodes storedNodes = trees.nodes(tenantId);
        Map<String, byte[]> recomputed = new HashMap<>();
        MerkleTree.Nodes nodes = (level, index) -> {
            byte[] hash = recomputed.get(level + "/" + index);
            if (hash != null) {
                return hash;
            }
            return storedNodes.hash(level, index);
        };
        List<AuditFinding> problems = new ArrayList<>();
        long expected = start;
        for (AuditTrees.Leaf leaf : leaves) {
            if (leaf.index() != expected) {
                problems.add(new AuditFinding(expected, null, null, "leaves " + expected + " to " + (leaf.index() - 1)
                        + " are missing from the log"));
                break;
            }
            expected++;
            SealedEvent event = events.get(leaf.position());
            byte[] leafHash;
            if (event == null) {
                problems.add(new AuditFinding(leaf.index(), leaf.position(), leaf.eventId(),
                        "the event sealed here is gone from the event store"));
                leafHash = leaf.hash();
            } else {
                leafHash = event.leafHash();
                if (!MessageDigests.equal(leafHash, leaf.hash())) {
                    problems.add(new AuditFinding(leaf.index(), leaf.position(), event.eventId(), event.eventId().equals(leaf.eventId())
                            ? "the stored event differs from what was sealed"
                            : "another event (" + event.eventId() + ") now sits where " + leaf.eventId() + " was sealed"));
                }
            }
            List<MerkleTree.Node> completed;
            try {
                completed = MerkleTree.completedBy(leaf.index(), leafHash, nodes);
            } catch (IllegalStateException missingSubtree) {
                // a stored subtree this leaf needs is gone: a finding about the store, not a server error;
                // every later leaf would need it too
                problems.add(new AuditFinding(leaf.index(), leaf.position(), leaf.eventId(),
                        "the tree cannot be recomputed here: " + missingSubtree.getMessage()));
                break;
            }
            for (MerkleTree.Node node : completed) {
                recomputed.put(node.level() + "/" + node.index(), node.hash());
                byte[] was = node.level() == 0 ? leaf.hash() : stored.get(node.level() + "/" + node.index());
                if (node.level() > 0 && (was == null || !MessageDigests.equal(was, node.hash()))) {
                    problems.add(new AuditFinding(leaf.index(), leaf.position(), leaf.eventId(),
                            "the stored subtree " + node.level() + "/" + node.index() + " does not match the events"));
                }
            }
        }
        if (expected < end) {
            problems.add(new AuditFinding(expected, null, null, "leaves " + expected + " to " + (end - 1) + " are missing from the log"));
        }
        unsealedEvent(tenantId, start, end, sealed, leaves).ifPresent(problems::add);
        List<Checkpoint> signed = checkpoints.between(tenantId, start, end);
        for (Checkpoint checkpoint : signed) {
            checkCheckpoint(tenantId, checkpoint, nodes, allKeys).ifPresent(reason -> {
                AuditTrees.Leaf last = leaves.stream().filter(l -> l.index() == checkpoint.treeSize() - 1).findFirst().orElse(null);
                problems.add(new AuditFinding(checkpoint.treeSize() - 1, last == null ? null : last.position(),
                        last == null ? null : last.eventId(), "checkpoint of size " + checkpoint.treeSize() + ": " + reason));
            });
        }
        problems.sort(Comparator.comparingLong(AuditFinding::leafIndex));
        return new VerifyReport(start, end, problems.isEmpty(), signed.size(), problems.size(),
                problems.isEmpty() ? null : problems.get(0));
    }

    private Optional<String> checkCheckpoint(TenantId tenantId, Checkpoint checkpoint, MerkleTree.Nodes nodes,
                                             List<SigningKey> allKeys) {
        Optional<SigningKey> key = allKeys.stream().filter(k -> k.keyId().equals(checkpoint.keyId())).findFirst();
        if (key.isEmpty()) {
            return Optional.of("signed by an unknown key " + checkpoint.keyId());
        }
        if (!CheckpointNote.verify(checkpoint.note(), key.get().name(), key.get().publicKey())) {
            return Optional.of("the signature does not verify with key " + checkpoint.keyId());
        }
        byte[] root;
        try {
            root = MerkleTree.root(nodes, checkpoint.treeSize());
        } catch (IllegalStateException missingSubtree) {
            return Optional.of("its root cannot be recomputed: " + missingSubtree.getMessage());
        }
        String expectedText = CheckpointNote.text(checkpoints.origin(tenantId), checkpoint.treeSize(), root, checkpoint.signedAt());
        if (!checkpoint.note().startsWith(expectedText.substring(0, expectedText.indexOf("\ntimestamp ") + 1))) {
            return Optional.of("its origin, size or root is not the tree the events give");
        }
        if (!MessageDigests.equal(root, checkpoint.rootHash())) {
            return Optional.of("its stored root is not the signed one");
        }
        return Optional.empty();
    }

    private Map<Long, SealedEvent> eventsAt(TenantId tenantId, List<AuditTrees.Leaf> leaves) {
        Map<Long, SealedEvent> events = new HashMap<>();
        if (leaves.isEmpty()) {
            return events;
        }
        Long[] positions = leaves.stream().map(AuditTrees.Leaf::position).toArray(Long[]::new);
        jdbc.query("SELECT " + StoredEvents.COLUMNS + " FROM domainevententry WHERE tenant_id = ? AND globalindex = ANY (?)",
                StoredEvents.EVENT, tenantId.value(), jdbc.execute((Connection c) -> c.createArrayOf("bigint", positions)))
                .forEach(event -> events.put(event.position(), event));
        return events;
    }

    /**
     * An event of the tenant that no leaf of the range holds, between the position of leaf {@code start - 1}
     * (0 for the first) and that of leaf {@code end}, or the seal cursor when the range ends at the sealed
     * size: sealing read every event up to the cursor, so one there that no leaf holds was put in afterwards.
     */
    private Optional<AuditFinding> unsealedEvent(TenantId tenantId, long start, long end, long sealed,
                                                 List<AuditTrees.Leaf> leaves) {
        long after = start == 0 ? 0 : trees.leaves(tenantId, start - 1, start).stream()
                .mapToLong(AuditTrees.Leaf::position).findFirst().orElse(0);
        long upTo = end < sealed
                ? trees.leaves(tenantId, end, end + 1).stream().mapToLong(AuditTrees.Leaf::position).map(p -> p - 1)
                .findFirst().orElse(Long.MAX_VALUE)
                : jdbc.queryForObject("SELECT position FROM audit_seal_cursor WHERE id = 1", Long.class);
        Long[] positions = leaves.stream().map(AuditTrees.Leaf::position).toArray(Long[]::new);
        return jdbc.query("""
                        SELECT globalindex, eventidentifier FROM domainevententry
                         WHERE tenant_id = ? AND globalindex > ? AND globalindex <= ? AND globalindex <> ALL (?)
                         ORDER BY globalindex LIMIT 1""",
                (rs, row) -> {
                    long position = rs.getLong(1);
                    // the index it would have taken: the first leaf after it, else the one after the range
                    long index = leaves.stream().filter(l -> l.position() > position).findFirst()
                            .map(AuditTrees.Leaf::index).orElse(end);
                    return new AuditFinding(index, position, rs.getString(2), "an event sits here that was never sealed");
                }, tenantId.value(), after, upTo,
                jdbc.execute((Connection c) -> c.createArrayOf("bigint", positions))).stream().findFirst();
    }

    /** Stored subtrees completed by a leaf in [start, end) (their last leaf is in the range): one read per level. */
    private Map<String, byte[]> storedSubtrees(TenantId tenantId, long start, long end) {
        Map<String, byte[]> stored = new HashMap<>();
        for (int level = 1; level < 63 && (1L << level) <= end; level++) {
            long first = Math.max(0, -Math.floorDiv(-(start + 1), 1L << level) - 1);
            long last = (end >> level) - 1;
            if (first > last) {
                continue;
            }
            int at = level;
            jdbc.query("SELECT node_index, hash FROM audit_subtree WHERE tenant_id = ? AND level = ?"
                            + " AND node_index BETWEEN ? AND ?",
                    rs -> {
                        stored.put(at + "/" + rs.getLong(1), rs.getBytes(2));
                    }, tenantId.value(), level, first, last);
        }
        return stored;
    }

    private static final class MessageDigests {
        static boolean equal(byte[] a, byte[] b) {
            return java.security.MessageDigest.isEqual(a, b);
        }
    }
}
