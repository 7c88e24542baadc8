package dev.calibrate.app.graphql;

import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.catalog.ProductQueries;
import dev.calibrate.query.catalog.ProductQueries.SkuPosition;
import dev.calibrate.query.catalog.ProductReadApi.ProductDetail;
import dev.calibrate.query.catalog.ProductReadApi.ProductPriceHistoryEntry;
import dev.calibrate.query.catalog.ProductReadApi.ProductSummary;
import dev.calibrate.query.competitor.CompetitorQueries;
import dev.calibrate.query.competitor.CompetitorReadApi.ProductCompetitorPrice;
import dev.calibrate.query.competitor.CompetitorReadApi.ProductCompetitorPrices;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * The catalog in GraphQL: the queries the REST catalog reads run ({@link ProductQueries},
 * {@link CompetitorQueries}) inside the caller's tenant scope, with the scopes REST checks.
 */
@Controller
class ProductGraphQlController {

    private static final String COMPETITORS = "productCompetitors";
    /** REST's default freshness of a competitor price ({@code maxAgeHours} 24). */
    private static final Duration COMPETITOR_MAX_AGE = Duration.ofHours(24);

    private final TenantScope tenantScope;
    private final ProductQueries products;

    ProductGraphQlController(TenantScope tenantScope, ProductQueries products, CompetitorQueries competitors,
                             Clock clock, BatchLoaderRegistry loaders) {
        this.tenantScope = tenantScope;
        this.products = products;
        // a page of products asks for its competitors in one statement, not one per product
        loaders.<UUID, ProductCompetitorPrices>forName(COMPETITORS).registerMappedBatchLoader((ids, env) -> {
            Caller caller = GraphQlCaller.of(env.getContext());
            return Mono.fromCallable(() -> tenantScope.read(caller.tenantId(),
                    () -> competitors.ofProducts(ids, COMPETITOR_MAX_AGE, clock.instant())));
        });
    }

    @QueryMapping
    ProductSummary product(@Argument String id, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiring(context, Scope.CATALOG_READ);
        ProductId productId = new ProductId(GraphQlArguments.uuid("id", id));
        try {
            return summary(tenantScope.read(caller.tenantId(), () -> products.get(productId)));
        } catch (ProductNotFound notTheTenants) {
            return null;
        }
    }

    @QueryMapping
    Connection<ProductSummary> products(@Argument Integer first, @Argument String after, @Argument Integer last,
                                        @Argument String before, @Argument String query, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiring(context, Scope.CATALOG_READ);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, last, before);
        String q = GraphQlArguments.text("query", query);
        ListCursor cursors = new ListCursor(caller.tenantId(), "products?query=" + (q == null ? "" : q));
        SkuPosition from = position(cursors, "after", after);
        SkuPosition to = position(cursors, "before", before);
        ProductQueries.Filter filter = new ProductQueries.Filter(null, null, null, q, null);
        List<ProductSummary> found = tenantScope.read(caller.tenantId(),
                () -> products.window(filter, from, to, window.size() + 1, window.fromEnd()));
        boolean more = found.size() > window.size();
        List<ProductSummary> page = !more ? found
                : window.fromEnd() ? found.subList(1, found.size()) : found.subList(0, window.size());
        return Connection.of(page, product -> cursors.encode(product.sku(), product.id().toString()),
                window.fromEnd() ? to != null : more, window.fromEnd() ? more : from != null);
    }

    @SchemaMapping(typeName = "Product")
    Connection<ProductPriceHistoryEntry> priceHistory(ProductSummary product, @Argument String currency,
                                                      @Argument Integer first, @Argument String after,
                                                      GraphQLContext context) {
        Caller caller = GraphQlCaller.requiring(context, Scope.CATALOG_READ);
        String onlyCurrency = GraphQlArguments.text("currency", currency);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, null, null);
        ListCursor cursors = new ListCursor(caller.tenantId(), "priceHistory/" + product.id() + "?currency="
                + (onlyCurrency == null ? "" : onlyCurrency));
        int start = after == null ? 0 : GraphQlArguments.index("after", cursors.decode("after", after, 1).get(0)) + 1;
        List<ProductPriceHistoryEntry> history;
        try {
            history = tenantScope.read(caller.tenantId(), () -> products.get(new ProductId(product.id())))
                    .priceHistory().stream()
                    .filter(entry -> onlyCurrency == null || entry.currency().equals(onlyCurrency)).toList();
        } catch (ProductNotFound removedMeanwhile) {
            history = List.of();
        }
        List<ProductPriceHistoryEntry> all = history;
        int end = Math.min(all.size(), start + window.size());
        List<ProductPriceHistoryEntry> page = start >= all.size() ? List.of() : all.subList(start, end);
        List<String> pageCursors = IntStream.range(start, start + page.size())
                .mapToObj(index -> cursors.encode(String.valueOf(index))).toList();
        return Connection.of(page, pageCursors, end < all.size(), start > 0);
    }

    @SchemaMapping(typeName = "Product")
    CompletableFuture<List<ProductCompetitorPrice>> competitors(ProductSummary product, DataFetchingEnvironment env) {
        GraphQlCaller.requiring(env.getGraphQlContext(), Scope.COMPETITORS_READ);
        DataLoader<UUID, ProductCompetitorPrices> loader = env.getDataLoader(COMPETITORS);
        return loader.load(product.id()).thenApply(ProductCompetitorPrices::items);
    }

    private static SkuPosition position(ListCursor cursors, String argument, String cursor) {
        if (cursor == null) {
            return null;
        }
        List<String> position = cursors.decode(argument, cursor, 2);
        return new SkuPosition(position.get(0), GraphQlArguments.uuid(argument, position.get(1)));
    }

    private static ProductSummary summary(ProductDetail product) {
        return new ProductSummary(product.id(), product.sku(), product.title(), product.vendor(),
                product.productType(), product.tags(), product.cost(), product.active(), product.channelRefs(),
                product.prices(), product.version(), product.createdAt(), product.updatedAt());
    }
}
