package dev.calibrate.command.catalog.source;

import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.AwaitCatalog;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogEntries;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;

/** The catalog read model as the query side answers it; the command side never reads its tables. */
public final class QueryCatalogSource implements CatalogSource {

    private final QueryGateway queries;

    public QueryCatalogSource(QueryGateway queries) {
        this.queries = queries;
    }

    @Override
    public void awaitPosition(long position) {
        join(() -> queries.query(new AwaitCatalog(position), Boolean.class).join());
    }

    @Override
    public List<CatalogEntry> page(TenantId tenantId, ProductId after, int limit, Instant pricesSince) {
        return join(() -> queries.query(new FindCatalogEntries(tenantId, after, limit, pricesSince),
                ResponseTypes.multipleInstancesOf(CatalogEntry.class)).join());
    }

    /** The query side's own failure (a 503 when the read model is behind) rather than its wrappers. */
    private static <T> T join(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException || cause instanceof QueryExecutionException) {
                cause = cause.getCause();
            }
            throw cause instanceof RuntimeException failure ? failure : e;
        }
    }
}
