package dev.calibrate.command.catalog;

import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The catalogs previews evaluate, per tenant, in this node's memory: a cache for decisions, not a read
 * model (no table of its own). A tenant's catalog is rebuilt from the catalog read model on its first
 * preview, then kept current by this node's own event processor ({@link PreviewCatalogProjection}).
 *
 * <p>No event is missed or applied twice across a rebuild: the tenant is registered first, so every
 * event the processor handles from then on is kept for it; the rebuild waits until the read model has
 * reached the furthest position the processor had handled when the tenant was registered, reads the
 * read model in pages, then applies the latest events handled before (against late commits, see
 * {@link #recent}) and the kept ones, each only past its product's version.
 *
 * <p>Bounded: catalogs estimate their heap, and past the memory budget the least recently previewed
 * tenants are evicted, as is a tenant idle for longer than the idle time; an evicted tenant is
 * rebuilt on its next preview. A tenant larger than the whole budget is rebuilt for each preview and
 * not kept. An event that cannot be applied drops its tenant's catalog (rebuilt from the read model
 * on its next preview), never stopping the others.
 */
public class PreviewCatalogs {

    /** The event processor that keeps this node's catalogs current. */
    public static final String PROCESSOR = "preview-catalog";

    /** Events kept for a tenant while it is rebuilt; past this the rebuild is abandoned (503, retry). */
    static final int MAX_KEPT = 50_000;
    /** The latest changes of every tenant, applied again to each rebuild (see {@link #recent}). */
    static final int RECENT = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PreviewCatalogs.class);

    private static final class Entry {
        final CompletableFuture<TenantCatalog> ready = new CompletableFuture<>();
        /** Events handled while the catalog is rebuilt; null once it is. */
        List<CatalogChange> kept = new ArrayList<>();
        boolean overflowed;
        TenantCatalog catalog;
        volatile long lastUsed;
    }

    private final CatalogSource source;
    private final ProcessorProgress progress;
    private final CatalogLimits limits;
    private final Clock clock;
    /** Guards {@link #tenants}, {@link #handled} and every entry's kept events. */
    private final Object lock = new Object();
    private final Map<TenantId, Entry> tenants = new HashMap<>();
    /**
     * The last {@link #RECENT} changes handled, of any tenant. A transaction that took its global index
     * early but committed late reaches this processor and the read model at different times: the
     * processor may have handled it before a tenant's rebuild began while the read model, already past
     * that index, has not yet filled the gap. Each rebuild applies these again (only past each
     * product's version, so whatever the read model did show changes nothing).
     */
    private final ArrayDeque<Recent> recent = new ArrayDeque<>();
    private long handled;

    private record Recent(TenantId tenantId, CatalogChange change) {
    }

    public PreviewCatalogs(QueryGateway queries, ProcessorProgress progress, CatalogLimits limits, Clock clock) {
        this(new QueryCatalogSource(queries), progress, limits, clock);
    }

    PreviewCatalogs(CatalogSource source, ProcessorProgress progress, CatalogLimits limits, Clock clock) {
        this.source = source;
        this.progress = progress;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * The tenant's catalog as it is now, rebuilt first if this node does not hold it. Throws
     * {@link CatalogBehind} when the processor or the read model does not get far enough within the
     * max wait, and {@link dev.calibrate.command.pricing.EvaluationOverBudget} once {@code deadline} passed.
     */
    public CatalogColumns snapshot(TenantId tenantId, Deadline deadline) {
        Entry entry;
        boolean rebuild = false;
        synchronized (lock) {
            entry = tenants.get(tenantId);
        }
        if (entry == null) {
            long started = progress.awaitStarted(limits.maxWait());
            synchronized (lock) {
                entry = tenants.get(tenantId);
                if (entry == null) {
                    entry = new Entry();
                    tenants.put(tenantId, entry);
                    rebuild = true;
                }
                started = Math.max(started, handled);
            }
            if (rebuild) {
                rebuild(tenantId, entry, started, deadline);
            }
        }
        TenantCatalog catalog = await(entry, deadline);
        entry.lastUsed = clock.millis();
        CatalogColumns columns = catalog.snapshot();
        keepWithinBudget(tenantId);
        return columns;
    }

    /** Returns once this node's catalogs have applied every event up to {@code position}; 503 after the max wait. */
    public void awaitPosition(long position) {
        progress.awaitPosition(position, limits.maxWait());
    }

    /** Called by the processor for every product event, in stream order, with the event's position. */
    void on(TenantId tenantId, CatalogChange change, long position) {
        synchronized (lock) {
            handled = Math.max(handled, position);
            if (recent.size() == RECENT) recent.removeFirst();
            recent.addLast(new Recent(tenantId, change));
            Entry entry = tenants.get(tenantId);
            if (entry == null) {
                return;
            }
            if (entry.catalog == null) {
                if (entry.kept.size() < MAX_KEPT) entry.kept.add(change);
                else entry.overflowed = true;
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
            tenants.clear();
        }
    }

    /** Forgets the tenant's catalog; it is rebuilt on its next preview. */
    public void evict(TenantId tenantId) {
        synchronized (lock) {
            tenants.remove(tenantId);
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

    private void rebuild(TenantId tenantId, Entry entry, long position, Deadline deadline) {
        try {
            long started = System.nanoTime();
            source.awaitPosition(position);
            TenantCatalog catalog = new TenantCatalog(tenantId);
            ProductId after = null;
            List<CatalogEntry> page;
            do {
                deadline.check();
                page = source.page(tenantId, after, limits.pageSize());
                page.forEach(catalog::put);
                if (!page.isEmpty()) after = page.get(page.size() - 1).item().productId();
            } while (page.size() == limits.pageSize());
            int kept;
            synchronized (lock) {
                if (entry.overflowed) {
                    throw new CatalogBehind("the preview catalog of this tenant is being rebuilt while its catalog"
                            + " changes fast; retry shortly");
                }
                kept = entry.kept.size();
                catalog.trim();
                recent.stream().filter(late -> late.tenantId().equals(tenantId))
                        .forEach(late -> applyKept(tenantId, catalog, late.change()));
                entry.kept.forEach(change -> applyKept(tenantId, catalog, change));
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

    /** Another preview of the tenant is rebuilding its catalog: wait for it, within the max wait and the deadline. */
    private TenantCatalog await(Entry entry, Deadline deadline) {
        long end = System.nanoTime() + limits.maxWait().toNanos();
        while (true) {
            try {
                return entry.ready.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                deadline.check();
                if (System.nanoTime() - end > 0) {
                    throw new CatalogBehind("the preview catalog of this tenant is still being rebuilt; retry shortly");
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CatalogBehind("interrupted while waiting for the preview catalog");
            }
        }
    }

    /**
     * Evicts the least recently previewed tenants until all fit the budget; {@code current} goes last.
     * A current tenant larger than the whole budget is dropped alone: evicting the others first could
     * not make it fit, and would make every other tenant pay a rebuild for its previews.
     */
    private void keepWithinBudget(TenantId current) {
        synchronized (lock) {
            Map<TenantId, Long> bytes = new HashMap<>();
            tenants.forEach((tenant, e) -> {
                if (e.catalog != null) bytes.put(tenant, e.catalog.estimatedBytes());
            });
            long total = bytes.values().stream().mapToLong(Long::longValue).sum();
            if (total <= limits.memoryBudgetBytes()) {
                return;
            }
            Long own = bytes.get(current);
            if (own != null && own > limits.memoryBudgetBytes()) {
                tenants.remove(current);
                log.warn("Preview catalog of tenant {} ({} KB) is larger than the memory budget alone ({} KB): it is"
                        + " rebuilt for each preview", current, own / 1024, limits.memoryBudgetBytes() / 1024);
                return;
            }
            List<TenantId> order = new ArrayList<>(bytes.keySet());
            order.sort(Comparator.comparing((TenantId tenant) -> tenant.equals(current))
                    .thenComparingLong(tenant -> tenants.get(tenant).lastUsed));
            for (TenantId tenant : order) {
                if (total <= limits.memoryBudgetBytes()) break;
                tenants.remove(tenant);
                total -= bytes.get(tenant);
                log.info("Preview catalog of tenant {} evicted to stay within the memory budget", tenant);
            }
        }
    }
}
