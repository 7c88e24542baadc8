package dev.calibrate.query.catalog;

import dev.calibrate.kernel.product.ProductMessages.AwaitCatalog;
import dev.calibrate.query.consistency.ReadModelProgress;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Lets the command side wait for the catalog read model before it previews over it. */
@Component
class CatalogProgress {

    private final ReadModelProgress progress;

    CatalogProgress(ReadModelProgress progress) {
        this.progress = progress;
    }

    @QueryHandler
    Boolean handle(AwaitCatalog query) {
        progress.awaitPosition(CatalogProjection.NAME, query.position());
        return Boolean.TRUE;
    }
}
