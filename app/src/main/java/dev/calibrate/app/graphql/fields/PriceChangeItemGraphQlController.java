package dev.calibrate.app.graphql.fields;

import dev.calibrate.app.graphql.GraphQlArguments;
import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.app.graphql.GraphQlReads;
import dev.calibrate.app.graphql.paging.Connection;
import dev.calibrate.app.graphql.paging.CursorKey;
import dev.calibrate.app.graphql.paging.ListCursor;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.pricechange.PriceChangeItemApi.ChannelState;
import dev.calibrate.query.pricechange.PriceChangeItemApi.Outcome;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PreviewStatus;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItem;
import dev.calibrate.query.pricechange.PriceChangeItemQueries.Filter;
import dev.calibrate.query.pricechange.PriceChangeItemWindows.PositionedItem;
import dev.calibrate.query.pricechange.PriceChangeItemWindows;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverview;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A price change's items in GraphQL: what REST's {@code GET /api/v1/price-changes/{id}/items} pages by offset
 * (and its preview by status), here a connection by keyset on the preview order through
 * {@link PriceChangeItemWindows}. Every change of a page asking for the same window is read in one statement
 * ({@link #ITEMS}). Scopes as the change itself.
 */
@Controller
class PriceChangeItemGraphQlController {

    private static final Scope[] READERS = {Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY,
            Scope.AUDIT_READ};
    private static final String ITEMS = "priceChangeItems";

    /** One change's window of items, as a batch loader key. */
    record ItemsRequest(UUID change, Filter filter, Integer afterSeq, Integer beforeSeq, int limit, boolean fromEnd) {
    }

    /** What one channel made of an item's price. */
    record ItemChannel(String channel, ChannelState state, String reason, List<ChannelError> errors) {
    }

    /** What is unusual about an item's proposed price, with REST's codes (price_move, below_cost, above_average; critical…). */
    record ItemAnomaly(String kind, String severity, String reason, Double score) {
    }

    private final CursorKey cursorKey;

    PriceChangeItemGraphQlController(GraphQlReads reads, PriceChangeItemWindows windows, CursorKey cursorKey,
                                     BatchLoaderRegistry loaders) {
        this.cursorKey = cursorKey;
        loaders.<ItemsRequest, List<PositionedItem>>forName(ITEMS).registerMappedBatchLoader((keys, env) -> {
            GraphQLContext document = env.getContext();
            return Mono.fromCallable(() -> reads.read(document, () -> items(windows, keys)));
        });
    }

    /** One statement per distinct window: one when every change of a page asks alike. */
    private static Map<ItemsRequest, List<PositionedItem>> items(PriceChangeItemWindows windows,
                                                                 Set<ItemsRequest> keys) {
        Map<ItemsRequest, List<PositionedItem>> found = new HashMap<>();
        Map<ItemsRequest, List<ItemsRequest>> byWindow = keys.stream().collect(Collectors.groupingBy(
                key -> new ItemsRequest(null, key.filter(), key.afterSeq(), key.beforeSeq(), key.limit(),
                        key.fromEnd())));
        byWindow.forEach((window, same) -> {
            Map<UUID, List<PositionedItem>> items = windows.windows(same.stream().map(ItemsRequest::change).toList(),
                    window.filter(), window.afterSeq(), window.beforeSeq(), window.limit(), window.fromEnd());
            same.forEach(key -> found.put(key, items.getOrDefault(key.change(), List.of())));
        });
        return found;
    }

    @SchemaMapping(typeName = "PriceChange")
    CompletableFuture<Connection<PriceChangeItem>> items(Object change, @Argument Integer first,
                                                         @Argument String after, @Argument Integer last,
                                                         @Argument String before, @Argument String status,
                                                         @Argument String outcome, @Argument String channelState,
                                                         @Argument Boolean anomalous, DataFetchingEnvironment env) {
        Caller caller = GraphQlCaller.requiringAny(env.getGraphQlContext(), READERS);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, last, before);
        Filter filter = new Filter(status(status), outcome(outcome), channelState(channelState),
                Boolean.TRUE.equals(anomalous));
        UUID id = change instanceof PriceChangeDetail detail ? detail.id() : ((PriceChangeOverview) change).id();
        ListCursor cursors = new ListCursor(cursorKey, caller.tenantId(), "priceChangeItems/" + id
                + "?status=" + name(filter.status()) + "&outcome=" + name(filter.outcome())
                + "&channelState=" + name(filter.channelState()) + "&anomalous=" + filter.anomalous());
        Integer from = seq(cursors, "after", after);
        Integer to = seq(cursors, "before", before);
        DataLoader<ItemsRequest, List<PositionedItem>> loader = env.getDataLoader(ITEMS);
        return loader.load(new ItemsRequest(id, filter, from, to, window.size() + 1, window.fromEnd()))
                .thenApply(found -> Connection.ofWindow(found, window.size(), window.fromEnd(), from != null,
                        to != null, PositionedItem::item, item -> cursors.encode(Integer.toString(item.seq()))));
    }

    @SchemaMapping(typeName = "PriceChangeItem")
    List<ItemChannel> channels(PriceChangeItem item) {
        return item.channels().entrySet().stream().map(entry -> new ItemChannel(entry.getKey(),
                entry.getValue().state(), entry.getValue().reason(),
                entry.getValue().errors() == null ? List.of() : entry.getValue().errors())).toList();
    }

    @SchemaMapping(typeName = "PriceChangeItem")
    List<ItemAnomaly> anomalies(PriceChangeItem item) {
        return item.anomalies().stream().map(anomaly -> new ItemAnomaly(anomaly.kind().code(),
                anomaly.severity().code(), anomaly.reason(), anomaly.score())).toList();
    }

    /** REST's preview filter: the status exactly as written (CHANGE, NO_CHANGE, BLOCKED, SKIPPED). */
    private static PreviewStatus status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return PreviewStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("status", "must be one of CHANGE, NO_CHANGE, BLOCKED, SKIPPED");
        }
    }

    /** REST's outcome filter: any case. */
    private static Outcome outcome(String outcome) {
        if (outcome == null) {
            return null;
        }
        Outcome parsed = Outcome.parse(outcome);
        if (parsed == null) {
            throw new InvalidInput("outcome", "must be one of " + List.of(Outcome.values()));
        }
        return parsed;
    }

    /** REST's channel state filter: any case. */
    private static ChannelState channelState(String channelState) {
        if (channelState == null) {
            return null;
        }
        ChannelState parsed = ChannelState.parse(channelState);
        if (parsed == null) {
            throw new InvalidInput("channelState", "must be one of " + List.of(ChannelState.values()));
        }
        return parsed;
    }

    /** A cursor's position: an item's place in the preview order, a number from 0; null without a cursor. */
    private static Integer seq(ListCursor cursors, String argument, String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            int seq = Integer.parseInt(cursors.decode(argument, cursor, 1).get(0));
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException notANumber) {
            // as any position no list writes
        }
        throw new InvalidInput(argument, "is not a cursor this list gave");
    }

    private static String name(Enum<?> value) {
        return value == null ? "" : value.name();
    }
}
