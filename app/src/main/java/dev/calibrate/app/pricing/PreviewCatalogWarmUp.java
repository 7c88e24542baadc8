package dev.calibrate.app.pricing;

import dev.calibrate.command.catalog.CatalogBehind;
import dev.calibrate.command.catalog.CatalogLimits;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricechange.JdbcPreviewStore;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Previewed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

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
    private volatile Thread thread;

    PreviewCatalogWarmUp(PreviewCatalogs catalogs, JdbcPreviewStore previews, CatalogLimits limits, boolean enabled) {
        this.enabled = enabled;
        this.catalogs = catalogs;
        this.previews = previews;
        this.limits = limits;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!enabled) return;
        Thread warming = new Thread(this::warm, "preview-catalog-warm-up");
        warming.setDaemon(true);
        thread = warming;
        warming.start();
    }

    /**
     * Warms each tenant previewed within the idle time, the latest first, until one does not fit the
     * budget or the read model is behind (then every other would wait for it too).
     */
    void warm() {
        List<Previewed> tenants = previews.tenantsPreviewedWithin(limits.idleAfter(), MAX_TENANTS);
        int warmed = 0;
        for (Previewed previewed : tenants) {
            if (Thread.currentThread().isInterrupted()) break;
            try {
                if (!catalogs.warm(previewed.tenantId(), previewed.at())) break;
                warmed++;
            } catch (CatalogBehind behind) {
                log.info("Preview catalogs not warmed further: {}", behind.getMessage());
                break;
            } catch (RuntimeException e) {
                log.info("Preview catalog of tenant {} not warmed ({}); it is rebuilt on its next preview",
                        previewed.tenantId(), e.toString());
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
