package dev.calibrate.app.graphql.fields;

import dev.calibrate.app.graphql.GraphQlArguments;
import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.app.graphql.GraphQlReads;
import dev.calibrate.app.graphql.paging.Connection;
import dev.calibrate.app.graphql.paging.CursorKey;
import dev.calibrate.app.graphql.paging.ListCursor;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.catalog.BrandFloorReads;
import dev.calibrate.query.catalog.PriceHistoryWindows;
import dev.calibrate.query.catalog.PriceHistoryWindows.HistoryPosition;
import dev.calibrate.query.catalog.PriceHistoryWindows.PositionedHistoryEntry;
import dev.calibrate.query.catalog.ProductQueries.SkuPosition;
import dev.calibrate.query.catalog.ProductQueries;
import dev.calibrate.query.catalog.ProductReadApi.ProductBrandFloors;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The catalog in GraphQL, inside the caller's tenant scope with the scopes REST checks, through query-side
 * reads written for it (REST pages by offset, reads a product with its whole history, and competitors one
 * product at a time): {@link ProductQueries#window}, {@link ProductQueries#summaries},
 * {@link PriceHistoryWindows#windows}, {@link CompetitorQueries#ofProducts} and {@link BrandFloorReads#ofProducts}.
 */
@Controller
class ProductGraphQlController {

    private static final String PRODUCTS = "productsById";
    private static final String COMPETITORS = "productCompetitors";
    private static final String HISTORY = "productPriceHistory";
    private static final String BRAND_FLOORS = "productBrandFloors";
    /** REST's default freshness of a competitor price ({@code maxAgeHours} 24). */
    private static final Duration COMPETITOR_MAX_AGE = Duration.ofHours(24);

    /** One product's window of price history, as a batch loader key. */
    record HistoryRequest(UUID product, String currency, HistoryPosition after, HistoryPosition before, int limit,
                          boolean fromEnd) {
    }

    private final GraphQlReads reads;
    private final ProductQueries products;
    private final PriceHistoryWindows histories;
    private final CursorKey cursorKey;

    ProductGraphQlController(GraphQlReads reads, ProductQueries products, PriceHistoryWindows histories,
                             CompetitorQueries competitors, BrandFloorReads floors, CursorKey cursorKey, Clock clock,
                             BatchLoaderRegistry loaders) {
        this.reads = reads;
        this.products = products;
        this.histories = histories;
        this.cursorKey = cursorKey;
        // product(id) fields of one document (aliases) read their products and prices together, without history
        loaders.<UUID, ProductSummary>forName(PRODUCTS).registerMappedBatchLoader((ids, env) -> {
            GraphQLContext document = env.getContext();
            return Mono.fromCallable(() -> reads.read(document, () -> products.summaries(ids)));
        });
        // a page of products asks for its competitors in one statement, not one per product
        loaders.<UUID, ProductCompetitorPrices>forName(COMPETITORS).registerMappedBatchLoader((ids, env) -> {
            GraphQLContext document = env.getContext();
            return Mono.fromCallable(() -> reads.read(document,
                    () -> competitors.ofProducts(ids, COMPETITOR_MAX_AGE, clock.instant())));
        });
        // and for its brand floors in one statement
        loaders.<UUID, List<ProductBrandFloors>>forName(BRAND_FLOORS).registerMappedBatchLoader((ids, env) -> {
            GraphQLContext document = env.getContext();
            return Mono.fromCallable(() -> reads.read(document, () -> floors.ofProducts(ids)));
        });
        // and for its price history in one statement per distinct window (one when every product asks alike)
        loaders.<HistoryRequest, List<PositionedHistoryEntry>>forName(HISTORY).registerMappedBatchLoader((keys, env) -> {
            GraphQLContext document = env.getContext();
            return Mono.fromCallable(() -> reads.read(document, () -> history(keys)));
        });
    }

    private Map<HistoryRequest, List<PositionedHistoryEntry>> history(Set<HistoryRequest> keys) {
        Map<HistoryRequest, List<PositionedHistoryEntry>> found = new HashMap<>();
        Map<HistoryRequest, List<HistoryRequest>> byWindow = keys.stream().collect(Collectors.groupingBy(
                key -> new HistoryRequest(null, key.currency(), key.after(), key.before(), key.limit(),
                        key.fromEnd())));
        byWindow.forEach((window, same) -> {
            Map<UUID, List<PositionedHistoryEntry>> entries = histories.windows(
                    same.stream().map(HistoryRequest::product).toList(), window.currency(), window.after(),
                    window.before(), window.limit(), window.fromEnd());
            same.forEach(key -> found.put(key, entries.getOrDefault(key.product(), List.of())));
        });
        return found;
    }

    @QueryMapping
    CompletableFuture<ProductSummary> product(@Argument String id, DataFetchingEnvironment env) {
        GraphQlCaller.requiring(env.getGraphQlContext(), Scope.CATALOG_READ);
        UUID productId = GraphQlArguments.uuid("id", id);
        // another tenant's product, as a missing one, is not in the loader's answer: null
        DataLoader<UUID, ProductSummary> loader = env.getDataLoader(PRODUCTS);
        return loader.load(productId);
    }

    @QueryMapping
    Connection<ProductSummary> products(@Argument Integer first, @Argument String after, @Argument Integer last,
                                        @Argument String before, @Argument String query, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiring(context, Scope.CATALOG_READ);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, last, before);
        String q = GraphQlArguments.text("query", query);
        ListCursor cursors = new ListCursor(cursorKey, caller.tenantId(), "products?query=" + (q == null ? "" : q));
        SkuPosition from = position(cursors, "after", after);
        SkuPosition to = position(cursors, "before", before);
        ProductQueries.Filter filter = new ProductQueries.Filter(null, null, null, q, null);
        List<ProductSummary> found = reads.read(caller,
                () -> products.window(filter, from, to, window.size() + 1, window.fromEnd()));
        boolean more = found.size() > window.size();
        List<ProductSummary> page = !more ? found
                : window.fromEnd() ? found.subList(1, found.size()) : found.subList(0, window.size());
        return Connection.of(page, product -> cursors.encode(product.sku(), product.id().toString()),
                window.fromEnd() ? to != null : more, window.fromEnd() ? more : from != null);
    }

    /**
     * A product's price history, a page at a time by keyset: every product of a page asking for the same
     * window is read in one statement ({@link #HISTORY}).
     */
    @SchemaMapping(typeName = "Product")
    CompletableFuture<Connection<ProductPriceHistoryEntry>> priceHistory(ProductSummary product,
                                                                         @Argument String currency,
                                                                         @Argument Integer first,
                                                                         @Argument String after,
                                                                         @Argument Integer last,
                                                                         @Argument String before,
                                                                         DataFetchingEnvironment env) {
        Caller caller = GraphQlCaller.requiring(env.getGraphQlContext(), Scope.CATALOG_READ);
        String onlyCurrency = currency == null ? null : GraphQlArguments.currency("currency", currency);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, last, before);
        ListCursor cursors = new ListCursor(cursorKey, caller.tenantId(), "priceHistory/" + product.id()
                + "?currency=" + (onlyCurrency == null ? "" : onlyCurrency));
        HistoryPosition from = historyPosition(cursors, "after", after);
        HistoryPosition to = historyPosition(cursors, "before", before);
        DataLoader<HistoryRequest, List<PositionedHistoryEntry>> loader = env.getDataLoader(HISTORY);
        return loader.load(new HistoryRequest(product.id(), onlyCurrency, from, to, window.size() + 1,
                window.fromEnd())).thenApply(found -> Connection.ofWindow(found, window.size(), window.fromEnd(),
                from != null, to != null, PositionedHistoryEntry::entry,
                entry -> cursors.encode(entry.position().currency(), entry.position().validFrom().toString(),
                        entry.position().entryId())));
    }

    @SchemaMapping(typeName = "Product")
    CompletableFuture<List<ProductBrandFloors>> brandFloors(ProductSummary product, DataFetchingEnvironment env) {
        GraphQlCaller.requiring(env.getGraphQlContext(), Scope.CATALOG_READ);
        DataLoader<UUID, List<ProductBrandFloors>> loader = env.getDataLoader(BRAND_FLOORS);
        return loader.load(product.id());
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
        return new SkuPosition(GraphQlArguments.positionText(argument, position.get(0)),
                GraphQlArguments.uuid(argument, position.get(1)));
    }

    private static HistoryPosition historyPosition(ListCursor cursors, String argument, String cursor) {
        if (cursor == null) {
            return null;
        }
        List<String> position = cursors.decode(argument, cursor, 3);
        return new HistoryPosition(GraphQlArguments.currency(argument, position.get(0)),
                GraphQlArguments.positionInstant(argument, position.get(1)),
                GraphQlArguments.positionText(argument, position.get(2)));
    }
}
