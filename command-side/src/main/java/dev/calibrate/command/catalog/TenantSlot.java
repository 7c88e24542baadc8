package dev.calibrate.command.catalog;

import dev.calibrate.command.pricing.Deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One tenant's place in {@link PreviewCatalogs}: its catalog once rebuilt, and meanwhile the events
 * kept for the rebuild. Every field but {@code ready} and {@code lastUsed} is guarded by the catalogs' lock.
 */
final class TenantSlot {

    /** Completes with the catalog when the rebuild ends, or with why it failed. */
    final CompletableFuture<TenantCatalog> ready = new CompletableFuture<>();
    /** Events handled while the catalog is rebuilt; null once it is. */
    List<CatalogChange> kept = new ArrayList<>();
    long keptBytes;
    /** Too many events came in during the rebuild: it is abandoned. */
    boolean overflowed;
    /** Null until rebuilt. */
    TenantCatalog catalog;
    volatile long lastUsed;

    /** Waits for the rebuild, another preview's or this one's, within {@code maxWait} and the deadline. */
    TenantCatalog await(Deadline deadline, Duration maxWait) {
        long end = System.nanoTime() + maxWait.toNanos();
        while (true) {
            try {
                return ready.get(10, TimeUnit.MILLISECONDS);
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
}
