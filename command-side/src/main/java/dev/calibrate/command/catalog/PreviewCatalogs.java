package dev.calibrate.command.catalog;

import dev.calibrate.command.catalog.source.CatalogSource;
import dev.calibrate.command.catalog.source.QueryCatalogSource;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogs previews evaluate, per tenant, in this node's memory: a cache for decisions, not a read
 * model (no table of its own). A tenant's catalog is rebuilt from the catalog read model on its first
 * preview, then kept current by this node's own event processor ({@link PreviewCatalogProjection}).
 *
 * <p>No event is missed or applied twice across a rebuild: the tenant is registered first, so every
 * event the processor handles from then on is kept for it; the rebuild waits until the read model has
 * reached the furthest position the processor had handled when the tenant was registered, reads the
 * read model in pages, then applies the latest events handled before (against late commits, see
 * {@link RecentChanges}) and the kept ones, each only past its product's version.
 *
 * <p>Bounded: catalogs estimate their heap, and past the memory budget the least recently previewed
 * tenants are evicted, as is a tenant idle for longer than the idle time; an evicted tenant is
 * rebuilt on its next preview. A tenant larger than the whole budget is rebuilt for each preview and
 * not kept, evicting no other. Events kept for rebuilds take at most a quarter of the budget, the
 * recent ones an eighth. An event that cannot be applied drops its tenant's catalog (rebuilt from the read model
 * on its next preview), never stopping the others.
 */
public class PreviewCatalogs {

    /** The event processor that keeps this node's catalogs current. */
    public static final String PROCESSOR = "preview-catalog";

    /**
     * Events kept for a tenant while it is rebuilt; past this, or past a quarter of the memory budget
     * for all tenants being rebuilt together, the rebuild is abandoned (503, retry).
     */
    static final int MAX_KEPT = 50_000;
    /** The latest changes of every tenant applied again to each rebuild, within an eighth of the memory budget. */
    static final int RECENT = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PreviewCatalogs.class);

    private final CatalogReader reader;
    private final ProcessorProgress progress;
    private final CatalogLimits limits;
    private final Clock clock;
    /** Guards {@link #tenants}, {@link #handled} and every entry's kept events. */
    private final Object lock = new Object();
    private final Map<TenantId, TenantSlot> tenants = new HashMap<>();
    /** The latest changes of every tenant, applied again to each rebuild ({@link RecentChanges}). */
    private final RecentChanges recent;
    /** Estimated heap of every entry's kept events together. */
    private long keptBytes;
    private long handled;

    public PreviewCatalogs(QueryGateway queries, ProcessorProgress progress, CatalogLimits limits, Clock clock) {
        this(new QueryCatalogSource(queries), progress, limits, clock);
    }

    PreviewCatalogs(CatalogSource source, ProcessorProgress progress, CatalogLimits limits, Clock clock) {
        this.reader = new CatalogReader(source, limits.pageSize(), clock);
        this.progress = progress;
        this.limits = limits;
        this.recent = new RecentChanges(RECENT, limits.memoryBudgetBytes() / 8);
        this.clock = clock;
    }

    /**
     * The tenant's catalog as it is now, rebuilt first if this node does not hold it. Throws
     * {@link CatalogBehind} when the processor or the read model does not get far enough within the
     * max wait, and {@link dev.calibrate.command.pricing.EvaluationOverBudget} once {@code deadline} passed.
     */
    public CatalogColumns snapshot(TenantId tenantId, Deadline deadline) {
        TenantSlot slot = slot(tenantId, deadline);
        slot.lastUsed = clock.millis();
        CatalogColumns columns = slot.ready.join().snapshot();
        keepWithinBudget(tenantId);
        return columns;
    }

    /**
     * Rebuilds the tenant's catalog now, as its first preview would, unless this node holds it or is
     * rebuilding it already: a node warms the tenants previewed lately when it starts, so that their
     * next preview finds the catalog held. The catalog counts as last used at {@code previewedAt}, so
     * that live previews' catalogs outrank it. Returns false when it does not fit the memory budget
     * beside the catalogs held (it is not kept then, and warming should stop). Throws
     * {@link CatalogBehind} when the processor or the read model is not far enough.
     */
    public boolean warm(TenantId tenantId, Instant previewedAt) {
        synchronized (lock) {
            if (tenants.containsKey(tenantId)) return true;
        }
        TenantSlot slot = slot(tenantId, Deadline.NONE);
        long lastUsed = previewedAt.toEpochMilli();
        synchronized (lock) {
            if (slot.lastUsed == 0) slot.lastUsed = lastUsed;
            if (estimatedBytes() <= limits.memoryBudgetBytes()) return true;
            if (slot.lastUsed == lastUsed && tenants.get(tenantId) == slot) {
                tenants.remove(tenantId);
                log.info("Preview catalog of tenant {} not warmed: it does not fit the memory budget beside the"
                        + " catalogs held", tenantId);
            }
        }
        keepWithinBudget(null);
        return false;
    }

    /** The tenant's slot with its catalog rebuilt, by this call or another. */
    private TenantSlot slot(TenantId tenantId, Deadline deadline) {
        TenantSlot entry;
        boolean rebuild = false;
        synchronized (lock) {
            entry = tenants.get(tenantId);
        }
        if (entry == null) {
            long started = progress.awaitStarted(limits.maxWait());
            synchronized (lock) {
                entry = tenants.get(tenantId);
                if (entry == null) {
                    entry = new TenantSlot();
                    tenants.put(tenantId, entry);
                    rebuild = true;
                }
                started = Math.max(started, handled);
            }
            if (rebuild) {
                rebuild(tenantId, entry, started, deadline);
            }
        }
        entry.await(deadline, limits.maxWait());
        return entry;
    }

    /** Returns once this node's catalogs have applied every event up to {@code position}; 503 after the max wait. */
    public void awaitPosition(long position) {
        progress.awaitPosition(position, limits.maxWait());
    }

    /** Called by the processor for every product event, in stream order, with the event's position. */
    void on(TenantId tenantId, CatalogChange change, long position) {
        synchronized (lock) {
            handled = Math.max(handled, position);
            long bytes = change.estimatedBytes();
            recent.add(tenantId, change);
            TenantSlot entry = tenants.get(tenantId);
            if (entry == null) {
                return;
            }
            if (entry.catalog == null) {
                if (entry.overflowed) {
                    return;
                }
                if (entry.kept.size() < MAX_KEPT && keptBytes + bytes <= limits.memoryBudgetBytes() / 4) {
                    entry.kept.add(change);
                    entry.keptBytes += bytes;
                    keptBytes += bytes;
                } else {
                    // the rebuild is abandoned: its kept events go at once rather than when it ends
                    entry.overflowed = true;
                    release(entry);
                    entry.kept = new ArrayList<>();
                }
                return;
            }
            try {
                entry.catalog.apply(change);
            } catch (RuntimeException e) {
                log.warn("Preview catalog of tenant {} dropped: the change {} of product {} could not be applied ({});"
                                + " it is rebuilt from the read model on its next preview", tenantId,
                        change.getClass().getSimpleName(), change.productId(), e.toString());
                tenants.remove(tenantId);
            }
        }
    }

    /** Forgets every tenant (the processor was reset); each is rebuilt on its next preview. */
    void clear() {
        synchronized (lock) {
            tenants.values().forEach(this::release);
            tenants.clear();
        }
    }

    /** Stops counting the entry's kept events against the budget (they go with it, or were applied). */
    private void release(TenantSlot entry) {
        keptBytes -= entry.keptBytes;
        entry.keptBytes = 0;
    }

    /** Forgets the tenant's catalog; it is rebuilt on its next preview. */
    public void evict(TenantId tenantId) {
        synchronized (lock) {
            TenantSlot entry = tenants.remove(tenantId);
            if (entry != null) release(entry);
        }
    }

    /** Evicts the tenants not previewed for the idle time, then the least recently previewed past the budget. */
    public void evictIdle() {
        long idleSince = clock.millis() - limits.idleAfter().toMillis();
        synchronized (lock) {
            tenants.entrySet().removeIf(e -> e.getValue().catalog != null && e.getValue().lastUsed < idleSince);
        }
        keepWithinBudget(null);
    }

    /** The tenants whose catalogs this node holds now. */
    public List<TenantId> held() {
        synchronized (lock) {
            return tenants.entrySet().stream().filter(e -> e.getValue().catalog != null).map(Map.Entry::getKey)
                    .toList();
        }
    }

    /** The estimated heap of every catalog this node holds. */
    public long estimatedBytes() {
        synchronized (lock) {
            return tenants.values().stream().filter(e -> e.catalog != null)
                    .mapToLong(e -> e.catalog.estimatedBytes()).sum();
        }
    }

    private void rebuild(TenantId tenantId, TenantSlot entry, long position, Deadline deadline) {
        try {
            long started = System.nanoTime();
            TenantCatalog catalog = reader.read(tenantId, position, deadline);
            int kept;
            synchronized (lock) {
                if (entry.overflowed) {
                    throw new CatalogBehind("the preview catalog of this tenant is being rebuilt while its catalog"
                            + " changes fast; retry shortly");
                }
                kept = entry.kept.size();
                catalog.trim();
                recent.forEachOf(tenantId, late -> applyKept(tenantId, catalog, late));
                entry.kept.forEach(change -> applyKept(tenantId, catalog, change));
                release(entry);
                entry.kept = null;
                entry.catalog = catalog;
            }
            log.info("Preview catalog of tenant {} rebuilt: {} products from position {} in {} ms, {} later events,"
                            + " about {} KB", tenantId, catalog.size(), position,
                    (System.nanoTime() - started) / 1_000_000, kept, catalog.estimatedBytes() / 1024);
            entry.ready.complete(catalog);
        } catch (RuntimeException | Error e) {
            synchronized (lock) {
                tenants.remove(tenantId, entry);
                release(entry);
            }
            entry.ready.completeExceptionally(e);
            throw e;
        }
    }

    /** A change that cannot be applied leaves its product as the read model had it (which dead-letters it too). */
    private static void applyKept(TenantId tenantId, TenantCatalog catalog, CatalogChange change) {
        try {
            catalog.apply(change);
        } catch (RuntimeException e) {
            log.warn("Preview catalog of tenant {}: the change {} of product {} could not be applied ({}); skipped",
                    tenantId, change.getClass().getSimpleName(), change.productId(), e.toString());
        }
    }

    /**
     * Evicts the least recently previewed tenants until all fit the budget; {@code current} goes last.
     * A current tenant larger than the whole budget is dropped alone: evicting the others first could
     * not make it fit, and would make every other tenant pay a rebuild for its previews.
     */
    private void keepWithinBudget(TenantId current) {
        synchronized (lock) {
            CatalogBudget.Eviction eviction = CatalogBudget.overBudget(tenants, current, limits.memoryBudgetBytes());
            for (TenantId tenant : eviction.tenants()) {
                TenantSlot evicted = tenants.remove(tenant);
                if (eviction.currentAlone()) {
                    log.warn("Preview catalog of tenant {} ({} KB) is larger than the memory budget alone ({} KB): it"
                                    + " is rebuilt for each preview", tenant, evicted.catalog.estimatedBytes() / 1024,
                            limits.memoryBudgetBytes() / 1024);
                } else {
                    log.info("Preview catalog of tenant {} evicted to stay within the memory budget", tenant);
                }
            }
        }
    }
}
