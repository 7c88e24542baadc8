package dev.calibrate.app.audit.export;

import dev.calibrate.app.audit.AuditSettings;
import dev.calibrate.app.audit.checkpoint.Checkpoint;
import dev.calibrate.app.audit.checkpoint.Checkpoints;
import dev.calibrate.app.audit.keys.SigningKey;
import dev.calibrate.app.audit.keys.SigningKeys;
import dev.calibrate.app.audit.seal.AuditTrees;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Streams a range of a tenant's log with its events (docs/audit.md): read page by page of
 * {@value #PAGE} leaves, each page its own read-only transaction as the request role (so only the
 * tenant's rows are seen) under {@code export-statement-timeout}; memory holds one page, never the range.
 * Leaves are append-only, so pages read one after another see the one tree the header describes.
 */
@Component
public class AuditExport {

    static final int PAGE = 1000;

    private static final Logger log = LoggerFactory.getLogger(AuditExport.class);

    /** The leaf's index, position and hash as sealed; the event now at that position as stored (its id the leaf's when gone). */
    private static final RowMapper<ExportedLeaf> LEAF = (rs, row) -> new ExportedLeaf(rs.getLong("leaf_index"),
            rs.getLong("position"), rs.getString("event_id"), rs.getString("aggregateidentifier"), rs.getString("type"),
            rs.getLong("sequencenumber"), rs.getString("payloadtype"), rs.getString("payloadrevision"),
            rs.getString("timestamp"), rs.getBytes("payload"), rs.getBytes("metadata"), rs.getBytes("leaf_hash"));

    /** What the first read fixes: the range, and the tree's left edge before it. */
    public record Range(long from, long to, List<byte[]> frontier) {
    }

    private record Page(List<ExportedLeaf> leaves, List<Checkpoint> checkpoints) {
    }

    private final TenantScope tenantScope;
    private final JdbcTemplate jdbc;
    private final AuditTrees trees;
    private final Checkpoints checkpoints;
    private final SigningKeys keys;
    private final AuditSettings settings;
    private final Set<TenantId> running = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;

    public AuditExport(TenantScope tenantScope, JdbcTemplate jdbc, AuditTrees trees, Checkpoints checkpoints,
                       SigningKeys keys, AuditSettings settings) {
        this.tenantScope = tenantScope;
        this.jdbc = jdbc;
        this.trees = trees;
        this.checkpoints = checkpoints;
        this.keys = keys;
        this.settings = settings;
        this.slots = new Semaphore(settings.exportMaxConcurrent());
    }

    /**
     * Checks the range (a 400 before anything is written, even while another export runs), then streams it
     * to the stream {@code open} answers. One export per tenant at a time and {@code export-max-concurrent}
     * across tenants on this node: {@link ExportBusy} past either. Once output has begun, a client gone or a
     * failed read ends the stream with one WARN line (the status is sent; the file is incomplete, which the
     * verifier reports), as does {@code export-max-duration}.
     */
    public void export(TenantId tenantId, Long from, Long to, Supplier<OutputStream> open) {
        Range range = range(tenantId, from, to);
        if (!slots.tryAcquire()) {
            throw new ExportBusy("this node is already streaming its most exports at once");
        }
        try {
            if (!running.add(tenantId)) {
                throw new ExportBusy("an export of this tenant's audit log is already running");
            }
            try {
                stream(tenantId, range, open);
            } finally {
                running.remove(tenantId);
            }
        } finally {
            slots.release();
        }
    }

    private void stream(TenantId tenantId, Range range, Supplier<OutputStream> open) {
        List<SigningKey> allKeys = keys.all();
        String origin = checkpoints.origin(tenantId);
        long deadline = System.nanoTime() + settings.exportMaxDuration().toNanos();
        ExportWriter writer = new ExportWriter(open.get());
        long at = range.from();
        try (writer) {
            writer.header(origin, range.from(), range.to(), range.frontier());
            allKeys.forEach(writer::key);
            writer.flush(); // the status and header go out now, not after the first page's read
            for (; at < range.to(); at += PAGE) {
                if (System.nanoTime() - deadline > 0) {
                    log.warn("Audit export of tenant {} ended at leaf {} of [{}, {}): past export-max-duration {}",
                            tenantId, at, range.from(), range.to(), settings.exportMaxDuration());
                    return;
                }
                Page page = page(tenantId, at, Math.min(range.to(), at + PAGE));
                Deque<Checkpoint> signed = new ArrayDeque<>(page.checkpoints());
                for (ExportedLeaf leaf : page.leaves()) {
                    writer.leaf(leaf);
                    while (!signed.isEmpty() && signed.peekFirst().treeSize() <= leaf.index() + 1) {
                        writer.checkpoint(signed.removeFirst());
                    }
                }
                // a checkpoint whose last leaf is missing still goes out, after the leaves there are
                signed.forEach(writer::checkpoint);
                writer.flush();
            }
        } catch (UncheckedIOException | DataAccessException e) {
            // the status and part of the body are sent: nothing to answer, and no stack trace for a client gone
            log.warn("Audit export of tenant {} ended at leaf {} of [{}, {}): {}", tenantId, at, range.from(),
                    range.to(), e.toString());
        }
    }

    private Range range(TenantId tenantId, Long from, Long to) {
        return read(tenantId, () -> {
            long sealed = trees.size(tenantId);
            // by default up to the latest signature: leaves past it would verify as covered by no signature
            long end = to != null ? to : checkpoints.latest(tenantId).map(Checkpoint::treeSize).orElse(0L);
            if (end < 0 || end > sealed) {
                throw new InvalidInput("to", "must be between 0 and the sealed size, " + sealed);
            }
            long start = from != null ? from : 0;
            if (start < 0 || start > end) {
                throw new InvalidInput("from", "must be between 0 and to (" + end + ")");
            }
            if (end - start > settings.exportMaxRange()) {
                throw new InvalidInput("to", "at most " + settings.exportMaxRange() + " leaves per export; export a "
                        + "longer history range by range (each export's frontier continues the tree)");
            }
            return new Range(start, end, RightEdge.of(trees.nodes(tenantId), start));
        });
    }

    private Page page(TenantId tenantId, long from, long to) {
        return read(tenantId, () -> new Page(jdbc.query("""
                        SELECT l.leaf_index, l.position, coalesce(e.eventidentifier, l.event_id) AS event_id, l.leaf_hash, e.aggregateidentifier, e.type,
                               e.sequencenumber, e.payloadtype, e.payloadrevision, e.timestamp, e.payload, e.metadata
                          FROM audit_leaf l
                          LEFT JOIN domainevententry e ON e.tenant_id = l.tenant_id AND e.globalindex = l.position
                         WHERE l.tenant_id = ? AND l.leaf_index >= ? AND l.leaf_index < ?
                         ORDER BY l.leaf_index""", LEAF, tenantId.value(), from, to),
                checkpoints.between(tenantId, from, to)));
    }

    private <T> T read(TenantId tenantId, Supplier<T> work) {
        return tenantScope.read(tenantId, () -> {
            jdbc.execute("SET LOCAL statement_timeout = " + settings.exportStatementTimeout().toMillis());
            return work.get();
        });
    }
}
