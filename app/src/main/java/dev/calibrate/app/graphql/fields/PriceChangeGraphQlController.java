package dev.calibrate.app.graphql.fields;

import dev.calibrate.app.graphql.GraphQlArguments;
import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.app.graphql.GraphQlReads;
import dev.calibrate.app.graphql.paging.Connection;
import dev.calibrate.app.graphql.paging.CursorKey;
import dev.calibrate.app.graphql.paging.ListCursor;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.channel.ChannelQueries;
import dev.calibrate.query.channel.ChannelReadApi.ChannelSyncCounts;
import dev.calibrate.query.pricechange.PriceChangeQueries.NewestFirstPosition;
import dev.calibrate.query.pricechange.PriceChangeQueries;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverview;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Price changes in GraphQL, in the caller's tenant scope with REST's scopes (any one of four): one change
 * through REST's own {@link PriceChangeQueries#get}; the list through {@link PriceChangeQueries#window}, a
 * keyset read written for it (REST pages by offset), whose channel sync comes in one statement through
 * {@link ChannelQueries#syncCounts}, which REST's single read shares.
 */
@Controller
class PriceChangeGraphQlController {

    private static final Scope[] READERS = {Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY,
            Scope.AUDIT_READ};
    private static final String CHANNEL_SYNC = "priceChangeChannelSync";

    record ChannelSync(String channel, long pending, long synced, long failed, long superseded) {
    }

    private final GraphQlReads reads;
    private final PriceChangeQueries priceChanges;
    private final CursorKey cursorKey;

    PriceChangeGraphQlController(GraphQlReads reads, PriceChangeQueries priceChanges, ChannelQueries channels,
                                 CursorKey cursorKey, BatchLoaderRegistry loaders) {
        this.reads = reads;
        this.priceChanges = priceChanges;
        this.cursorKey = cursorKey;
        loaders.<UUID, Map<String, ChannelSyncCounts>>forName(CHANNEL_SYNC).registerMappedBatchLoader((ids, env) -> {
            GraphQLContext document = env.getContext();
            return Mono.fromCallable(() -> reads.read(document,
                    () -> channels.syncCounts(ids.stream().map(PriceChangeId::new).toList())));
        });
    }

    @QueryMapping
    PriceChangeDetail priceChange(@Argument String id, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiringAny(context, READERS);
        PriceChangeId priceChangeId = new PriceChangeId(GraphQlArguments.uuid("id", id));
        try {
            return reads.read(caller, () -> priceChanges.get(priceChangeId));
        } catch (NotFound notTheTenants) {
            return null;
        }
    }

    @QueryMapping
    Connection<PriceChangeOverview> priceChanges(@Argument Integer first, @Argument String after,
                                                 @Argument Integer last, @Argument String before,
                                                 @Argument String state, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiringAny(context, READERS);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, last, before);
        PriceChangeState only = state(state);
        ListCursor cursors = new ListCursor(cursorKey, caller.tenantId(), "priceChanges?state="
                + (only == null ? "" : only.name()));
        NewestFirstPosition from = position(cursors, "after", after);
        NewestFirstPosition to = position(cursors, "before", before);
        List<PriceChangeOverview> found = reads.read(caller,
                () -> priceChanges.window(only, from, to, window.size() + 1, window.fromEnd()));
        return Connection.ofWindow(found, window.size(), window.fromEnd(), from != null, to != null, change -> change,
                change -> cursors.encode(change.createdAt().toString(), change.id().toString()));
    }

    private static NewestFirstPosition position(ListCursor cursors, String argument, String cursor) {
        if (cursor == null) {
            return null;
        }
        List<String> position = cursors.decode(argument, cursor, 2);
        return new NewestFirstPosition(GraphQlArguments.positionInstant(argument, position.get(0)),
                GraphQlArguments.uuid(argument, position.get(1)));
    }

    /** priceChange(id) read it with the change, as REST does; a page's come through one batch. */
    @SchemaMapping(typeName = "PriceChange")
    CompletableFuture<List<ChannelSync>> channelSync(Object change, DataFetchingEnvironment env) {
        if (change instanceof PriceChangeDetail detail) {
            return CompletableFuture.completedFuture(sync(detail.channelSync()));
        }
        DataLoader<UUID, Map<String, ChannelSyncCounts>> loader = env.getDataLoader(CHANNEL_SYNC);
        return loader.load(((PriceChangeOverview) change).id())
                .thenApply(counts -> sync(counts == null ? Map.of() : counts));
    }

    private static List<ChannelSync> sync(Map<String, ChannelSyncCounts> counts) {
        return counts.entrySet().stream().map(entry -> new ChannelSync(entry.getKey(), entry.getValue().pending(),
                entry.getValue().synced(), entry.getValue().failed(), entry.getValue().superseded())).toList();
    }

    /** REST's state filter: any case, null when blank. */
    private static PriceChangeState state(String state) {
        String text = GraphQlArguments.text("state", state);
        if (text == null) {
            return null;
        }
        try {
            return PriceChangeState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("state", "must be one of " + Arrays.stream(PriceChangeState.values())
                    .map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
