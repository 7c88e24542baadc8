package dev.calibrate.app.graphql.fields;

import dev.calibrate.app.graphql.GraphQlArguments;
import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.app.graphql.GraphQlReads;
import dev.calibrate.app.graphql.paging.Connection;
import dev.calibrate.app.graphql.paging.CursorKey;
import dev.calibrate.app.graphql.paging.ListCursor;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.catalog.ProductQueries.SkuPosition;
import dev.calibrate.query.catalog.ProductReadApi.ProductSummary;
import dev.calibrate.query.competitor.CompetitorReadApi.PricePositionCounts;
import dev.calibrate.query.competitor.CompetitorReadApi.ProductPricePosition;
import dev.calibrate.query.competitor.PricePositions;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The price position in GraphQL: REST's {@code GET /api/v1/analytics/price-position} (scope competitors:read, its
 * checks of currency, maxAgeHours, tag and vendor) by keyset over REST's order (SKU, then id), both ways, through
 * {@link PricePositions#window}, its summary only when asked ({@link PricePositions#summary}, which positions
 * every selected product), and a page of products' positions in one statement ({@link PricePositions#ofProducts}).
 */
@Controller
class PricePositionGraphQlController {

    private static final String POSITIONS = "productPricePositions";
    private static final int DEFAULT_MAX_AGE_HOURS = 24;
    /** REST's limit: a year. */
    private static final int MAX_AGE_HOURS = 8760;

    /** A connection of positions, with what they were computed in and for, and the filter its summary counts. */
    record PricePositionConnection(List<Connection.Edge<ProductPricePosition>> edges, List<ProductPricePosition> nodes,
                                   Connection.PageInfo pageInfo, String currency, int maxAgeHours, Instant asOf,
                                   PricePositions.Filter filter) {
    }

    /** How many of the selected products hold each position, and how many were selected. */
    record PricePositionSummary(long cheapest, long inBand, long mostExpensive, long noData, long total) {
    }

    /** One product's position in a currency within a freshness window, as a batch loader key. */
    record PositionRequest(UUID product, String currency, int maxAgeHours) {
    }

    private final GraphQlReads reads;
    private final PricePositions positions;
    private final CursorKey cursorKey;
    private final Clock clock;

    PricePositionGraphQlController(GraphQlReads reads, PricePositions positions, CursorKey cursorKey, Clock clock,
                                   BatchLoaderRegistry loaders) {
        this.reads = reads;
        this.positions = positions;
        this.cursorKey = cursorKey;
        this.clock = clock;
        // a page of products asks for its positions in one statement per distinct currency and window
        loaders.<PositionRequest, ProductPricePosition>forName(POSITIONS).registerMappedBatchLoader((keys, env) -> {
            GraphQLContext document = env.getContext();
            return Mono.fromCallable(() -> reads.read(document, () -> ofProducts(keys)));
        });
    }

    private Map<PositionRequest, ProductPricePosition> ofProducts(Set<PositionRequest> keys) {
        Map<PositionRequest, ProductPricePosition> found = new HashMap<>();
        Instant now = clock.instant();
        keys.stream().collect(Collectors.groupingBy(key -> new PositionRequest(null, key.currency(), key.maxAgeHours())))
                .forEach((window, same) -> {
                    Map<UUID, ProductPricePosition> rows = positions.ofProducts(
                            same.stream().map(PositionRequest::product).toList(), new PricePositions.Filter(null, null,
                                    window.currency(), Duration.ofHours(window.maxAgeHours()), now));
                    same.forEach(key -> {
                        if (rows.containsKey(key.product())) {
                            found.put(key, rows.get(key.product()));
                        }
                    });
                });
        return found;
    }

    @QueryMapping
    PricePositionConnection pricePosition(@Argument String currency, @Argument String tag, @Argument String vendor,
                                          @Argument Integer maxAgeHours, @Argument Integer first,
                                          @Argument String after, @Argument Integer last, @Argument String before,
                                          GraphQLContext context) {
        Caller caller = GraphQlCaller.requiring(context, Scope.COMPETITORS_READ);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, last, before);
        String onlyCurrency = currency(currency);
        int hours = maxAgeHours(maxAgeHours);
        String onlyTag = GraphQlArguments.text("tag", tag);
        String onlyVendor = GraphQlArguments.text("vendor", vendor);
        ListCursor cursors = new ListCursor(cursorKey, caller.tenantId(), "pricePosition?currency="
                + (onlyCurrency == null ? "" : onlyCurrency) + "&maxAgeHours=" + hours + "&tag="
                + (onlyTag == null ? "" : onlyTag) + "&vendor=" + (onlyVendor == null ? "" : onlyVendor));
        SkuPosition from = position(cursors, "after", after);
        SkuPosition to = position(cursors, "before", before);
        Instant now = clock.instant();
        PricePositions.Filter filter = new PricePositions.Filter(onlyTag, onlyVendor, onlyCurrency,
                Duration.ofHours(hours), now);
        PricePositions.Window found = reads.read(caller,
                () -> positions.window(filter, from, to, window.size() + 1, window.fromEnd()));
        List<ProductPricePosition> rows = found.items();
        boolean more = rows.size() > window.size();
        List<ProductPricePosition> page = !more ? rows
                : window.fromEnd() ? rows.subList(1, rows.size()) : rows.subList(0, window.size());
        Connection<ProductPricePosition> connection = Connection.of(page,
                row -> cursors.encode(row.sku(), row.productId().toString()),
                window.fromEnd() ? to != null : more, window.fromEnd() ? more : from != null);
        return new PricePositionConnection(connection.edges(), connection.nodes(), connection.pageInfo(),
                found.currency(), hours, now, new PricePositions.Filter(onlyTag, onlyVendor, found.currency(),
                Duration.ofHours(hours), now));
    }

    private static SkuPosition position(ListCursor cursors, String argument, String cursor) {
        if (cursor == null) {
            return null;
        }
        List<String> position = cursors.decode(argument, cursor, 2);
        return new SkuPosition(GraphQlArguments.positionText(argument, position.get(0)),
                GraphQlArguments.uuid(argument, position.get(1)));
    }

    /** Counts every product the connection's filter selects, not only its page: a read of its own, costed 10. */
    @SchemaMapping(typeName = "PricePositionConnection")
    PricePositionSummary summary(PricePositionConnection connection, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiring(context, Scope.COMPETITORS_READ);
        PricePositionCounts counts = reads.read(caller, () -> positions.summary(connection.filter()));
        return new PricePositionSummary(counts.cheapest(), counts.inBand(), counts.mostExpensive(), counts.noData(),
                counts.cheapest() + counts.inBand() + counts.mostExpensive() + counts.noData());
    }

    /** The product's position; null when it is inactive or has no price in the currency. */
    @SchemaMapping(typeName = "Product")
    CompletableFuture<ProductPricePosition> pricePosition(ProductSummary product, @Argument String currency,
                                                          @Argument Integer maxAgeHours, DataFetchingEnvironment env) {
        GraphQlCaller.requiring(env.getGraphQlContext(), Scope.COMPETITORS_READ);
        DataLoader<PositionRequest, ProductPricePosition> loader = env.getDataLoader(POSITIONS);
        return loader.load(new PositionRequest(product.id(), currency(currency), maxAgeHours(maxAgeHours)));
    }

    /** As REST: null for the tenant's default, else a currency prices can be set in. */
    private static String currency(String currency) {
        if (currency == null) {
            return null;
        }
        GraphQlArguments.currency("currency", currency);
        try {
            Money.minorUnits(currency);
        } catch (InvalidInput e) {
            throw new InvalidInput("currency", e.reason());
        }
        return currency;
    }

    private static int maxAgeHours(Integer hours) {
        if (hours == null) {
            return DEFAULT_MAX_AGE_HOURS;
        }
        if (hours < 1 || hours > MAX_AGE_HOURS) {
            throw new InvalidInput("maxAgeHours", "must be between 1 and " + MAX_AGE_HOURS);
        }
        return hours;
    }
}
