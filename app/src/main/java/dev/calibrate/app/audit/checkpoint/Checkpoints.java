package dev.calibrate.app.audit.checkpoint;

import dev.calibrate.app.audit.AuditSettings;
import dev.calibrate.app.audit.keys.SigningKey;
import dev.calibrate.app.audit.keys.SigningKeys;
import dev.calibrate.app.audit.seal.AuditTrees;
import dev.calibrate.app.audit.tree.MerkleTree;
import dev.calibrate.kernel.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs each tenant's tree: when it has grown by {@code checkpointEvery} events since its last
 * checkpoint, or has any new event and that checkpoint is {@code checkpointInterval} old (a tenant's
 * first sealed events are signed at once). A tenant with no new event gets no new checkpoint. Each
 * checkpoint is handed to the {@link CheckpointPublisher}s in the transaction that stores it.
 */
@Component
public class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    public static final RowMapper<Checkpoint> CHECKPOINT = (rs, row) -> new Checkpoint(rs.getLong("tree_size"),
            rs.getBytes("root_hash"), rs.getString("key_id").trim(), rs.getString("note"),
            rs.getTimestamp("signed_at").toInstant());
    private static final String COLUMNS = "tree_size, root_hash, key_id, note, signed_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SigningKeys keys;
    private final AuditTrees trees;
    private final AuditSettings settings;
    private final ObjectProvider<CheckpointPublisher> publishers;
    private final Clock clock = Clock.systemUTC();

    public Checkpoints(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, SigningKeys keys,
                       AuditTrees trees, AuditSettings settings, ObjectProvider<CheckpointPublisher> publishers) {
        this.jdbc = jdbc;
        this.publishers = publishers;
        this.transactions = new TransactionTemplate(transactionManager);
        this.keys = keys;
        this.trees = trees;
        this.settings = settings;
    }

    /** The origin line of a tenant's checkpoints. */
    public String origin(TenantId tenantId) {
        return settings.logName() + "/tenants/" + tenantId;
    }

    /** Signs every tenant whose checkpoint is due; answers how many were signed. */
    public int signDue() {
        Optional<SigningKey> key = keys.active();
        if (key.isEmpty()) {
            return 0;
        }
        int signed = 0;
        for (UUID tenantId : due(clock.instant())) {
            if (sign(new TenantId(tenantId), key.get()).isPresent()) {
                signed++;
            }
        }
        return signed;
    }

    /**
     * The tenants due a checkpoint at {@code now}: never signed yet, or grown since their last checkpoint by
     * {@code checkpointEvery} events, or grown at all and that checkpoint {@code checkpointInterval} old.
     */
    public List<UUID> due(Instant now) {
        return jdbc.queryForList("""
                        SELECT t.tenant_id
                          FROM audit_tree t
                          LEFT JOIN LATERAL (SELECT c.tree_size, c.signed_at FROM audit_checkpoint c
                                              WHERE c.tenant_id = t.tenant_id ORDER BY c.tree_size DESC LIMIT 1) last ON true
                         WHERE last.tree_size IS NULL
                            OR (t.tree_size > last.tree_size
                                AND (t.tree_size - last.tree_size >= ? OR last.signed_at <= ?))""", UUID.class,
                settings.checkpointEvery(), Timestamp.from(now.minus(settings.checkpointInterval())));
    }

    /** Signs the tenant's tree as sealed now, unless its last checkpoint already has that size. */
    public Optional<Checkpoint> signNow(TenantId tenantId) {
        return keys.active().flatMap(key -> sign(tenantId, key));
    }

    private Optional<Checkpoint> sign(TenantId tenantId, SigningKey key) {
        return transactions.execute(tx -> {
            // the tree row locked: the sealer does not grow it meanwhile, and two signers take turns
            List<Long> sizes = jdbc.queryForList("SELECT tree_size FROM audit_tree WHERE tenant_id = ? FOR UPDATE",
                    Long.class, tenantId.value());
            Optional<Checkpoint> last = latest(tenantId);
            if (sizes.isEmpty() || last.map(Checkpoint::treeSize).orElse(0L).equals(sizes.get(0))) {
                return Optional.<Checkpoint>empty();
            }
            long size = sizes.get(0);
            MerkleTree.Nodes nodes = trees.nodes(tenantId);
            byte[] root;
            try {
                root = MerkleTree.root(nodes, size);
                // C2SP tlog-checkpoint: a log must not sign a tree that does not extend the one it signed last
                if (last.isPresent() && !MerkleTree.verifyConsistency(last.get().treeSize(), size,
                        MerkleTree.consistencyProof(nodes, last.get().treeSize(), size), last.get().rootHash(), root)) {
                    log.error("Audit log of tenant {}: the tree of size {} is not consistent with the checkpoint of size {};"
                            + " not signed", tenantId, size, last.get().treeSize());
                    return Optional.<Checkpoint>empty();
                }
            } catch (IllegalStateException missingSubtree) {
                log.error("Audit log of tenant {}: the tree of size {} cannot be recomputed ({}); not signed", tenantId,
                        size, missingSubtree.getMessage());
                return Optional.<Checkpoint>empty();
            }
            Instant now = clock.instant();
            String note = CheckpointNote.sign(CheckpointNote.text(origin(tenantId), size, root, now), key.name(),
                    key.publicKey(), key.privateKey());
            Checkpoint checkpoint = new Checkpoint(size, root, key.keyId(), note, now);
            jdbc.update("INSERT INTO audit_checkpoint (tenant_id, tree_size, root_hash, key_id, note, signed_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", tenantId.value(), size, root, key.keyId(), note,
                    Timestamp.from(now));
            publishers.orderedStream().forEach(publisher -> publish(publisher, tenantId, checkpoint));
            return Optional.of(checkpoint);
        });
    }

    /**
     * Hands the checkpoint to a publisher behind a savepoint: what it writes commits with the checkpoint, but
     * a publisher that fails never keeps the log from being signed (its writes alone are rolled back).
     */
    private void publish(CheckpointPublisher publisher, TenantId tenantId, Checkpoint checkpoint) {
        jdbc.execute("SAVEPOINT checkpoint_publisher");
        try {
            publisher.signed(tenantId, origin(tenantId), checkpoint);
            jdbc.execute("RELEASE SAVEPOINT checkpoint_publisher");
        } catch (RuntimeException failed) {
            try {
                jdbc.execute("ROLLBACK TO SAVEPOINT checkpoint_publisher");
            } catch (RuntimeException rollback) {
                rollback.addSuppressed(failed); // the connection is gone: nothing of the transaction commits
                throw rollback;
            }
            log.error("Audit log of tenant {}: the checkpoint of size {} is signed, but {} could not take it",
                    tenantId, checkpoint.treeSize(), publisher.getClass().getSimpleName(), failed);
        }
    }

    /** In the caller's transaction. */
    public Optional<Checkpoint> latest(TenantId tenantId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_checkpoint WHERE tenant_id = ? ORDER BY tree_size DESC LIMIT 1",
                CHECKPOINT, tenantId.value()).stream().findFirst();
    }

    /** Checkpoints of at least this size, oldest first, at most {@code limit}; in the caller's transaction. */
    public List<Checkpoint> from(TenantId tenantId, long fromSize, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_checkpoint WHERE tenant_id = ? AND tree_size >= ?"
                + " ORDER BY tree_size LIMIT ?", CHECKPOINT, tenantId.value(), fromSize, limit);
    }

    /** Checkpoints with sizes in (after, upTo], oldest first; in the caller's transaction. */
    public List<Checkpoint> between(TenantId tenantId, long after, long upTo) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_checkpoint WHERE tenant_id = ? AND tree_size > ?"
                + " AND tree_size <= ? ORDER BY tree_size", CHECKPOINT, tenantId.value(), after, upTo);
    }
}
