package dev.calibrate.app.pricing;

import dev.calibrate.command.catalog.CatalogLimits;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricechange.JdbcPreviewStore;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * When the node is up, rebuilds in the background the preview catalogs of the tenants that previewed
 * within the idle time (the latest first, while they fit the memory budget), so that their next preview
 * on this node finds its catalog held instead of rebuilding it first. A tenant that cannot be warmed
 * (its read model behind, say) is simply rebuilt on its next preview, as before. Off with
 * {@code calibrate.pricing.preview.catalog.warm-on-start=false}.
 */
class PreviewCatalogWarmUp implements AutoCloseable {

    /** At most this many tenants are warmed; past the budget the rest would only evict each other. */
    static final int MAX_TENANTS = 100;

    private static final Logger log = LoggerFactory.getLogger(PreviewCatalogWarmUp.class);

    private final PreviewCatalogs catalogs;
    private final JdbcPreviewStore previews;
    private final CatalogLimits limits;
    private final boolean enabled;
    private final Duration perTenant;
    private final Clock clock;
    private volatile Thread thread;

    PreviewCatalogWarmUp(PreviewCatalogs catalogs, JdbcPreviewStore previews, CatalogLimits limits, boolean enabled,
                         Duration perTenant, Clock clock) {
        this.enabled = enabled;
        this.catalogs = catalogs;
        this.previews = previews;
        this.limits = limits;
        this.perTenant = perTenant;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!enabled) return;
        Thread warming = new Thread(this::warm, "preview-catalog-warm-up");
        warming.setDaemon(true);
        thread = warming;
        warming.start();
    }

    /** Warms each tenant previewed within the idle time, the latest first, until the budget is reached. */
    void warm() {
        List<TenantId> tenants = previews.tenantsPreviewedSince(clock.instant().minus(limits.idleAfter()), MAX_TENANTS);
        int warmed = 0;
        for (TenantId tenant : tenants) {
            if (Thread.currentThread().isInterrupted() || catalogs.estimatedBytes() >= limits.memoryBudgetBytes()) {
                break;
            }
            try {
                catalogs.warm(tenant, Deadline.after(perTenant));
                warmed++;
            } catch (RuntimeException e) {
                log.info("Preview catalog of tenant {} not warmed ({}); it is rebuilt on its next preview", tenant,
                        e.toString());
            }
        }
        if (!tenants.isEmpty()) {
            log.info("Preview catalogs warmed: {} of the {} tenants previewed within {}", warmed, tenants.size(),
                    limits.idleAfter());
        }
    }

    @Override
    public void close() {
        Thread warming = thread;
        if (warming != null) warming.interrupt();
    }
}
