package dev.calibrate.app.audit.seal;

import dev.calibrate.app.audit.tree.MerkleTree;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The tenants' trees as stored (V35): leaves in {@code audit_leaf}, complete subtrees above them in
 * {@code audit_subtree}. Reads in the caller's transaction; as the request role (TenantScope.read) row
 * security keeps them to the tenant, and the tenant filter restates it.
 */
@Component
public class AuditTrees {

    /** A sealed leaf: where its event sat in the store, and its hash. */
    public record Leaf(long index, long position, String eventId, byte[] hash) {
    }

    private final JdbcTemplate jdbc;

    public AuditTrees(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Leaves sealed so far: 0 for a tenant with none. */
    public long size(TenantId tenantId) {
        List<Long> sizes = jdbc.queryForList("SELECT tree_size FROM audit_tree WHERE tenant_id = ?", Long.class,
                tenantId.value());
        return sizes.isEmpty() ? 0 : sizes.get(0);
    }

    /** The tree's complete subtrees as stored; a missing one is a broken store, not a caller's mistake. */
    public MerkleTree.Nodes nodes(TenantId tenantId) {
        return (level, index) -> {
            List<byte[]> hash = level == 0
                    ? jdbc.queryForList("SELECT leaf_hash FROM audit_leaf WHERE tenant_id = ? AND leaf_index = ?",
                    byte[].class, tenantId.value(), index)
                    : jdbc.queryForList("SELECT hash FROM audit_subtree WHERE tenant_id = ? AND level = ? AND node_index = ?",
                    byte[].class, tenantId.value(), level, index);
            if (hash.isEmpty()) {
                throw new IllegalStateException("the audit tree of " + tenantId + " has no subtree " + level + "/" + index);
            }
            return hash.get(0);
        };
    }

    public Optional<Leaf> leafOfEvent(TenantId tenantId, String eventId) {
        return jdbc.query("SELECT leaf_index, position, event_id, leaf_hash FROM audit_leaf WHERE tenant_id = ? AND event_id = ?",
                (rs, row) -> new Leaf(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4)),
                tenantId.value(), eventId).stream().findFirst();
    }

    /** Leaves [from, to) in order. */
    public List<Leaf> leaves(TenantId tenantId, long from, long to) {
        return jdbc.query("""
                        SELECT leaf_index, position, event_id, leaf_hash FROM audit_leaf
                         WHERE tenant_id = ? AND leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index""",
                (rs, row) -> new Leaf(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4)),
                tenantId.value(), from, to);
    }
}
