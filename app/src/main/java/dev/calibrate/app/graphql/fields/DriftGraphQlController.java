package dev.calibrate.app.graphql.fields;

import dev.calibrate.app.graphql.GraphQlArguments;
import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.app.graphql.GraphQlReads;
import dev.calibrate.app.graphql.paging.Connection;
import dev.calibrate.app.graphql.paging.CursorKey;
import dev.calibrate.app.graphql.paging.ListCursor;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.channel.ChannelQueries.DriftPosition;
import dev.calibrate.query.channel.ChannelQueries.DriftState;
import dev.calibrate.query.channel.ChannelQueries;
import dev.calibrate.query.channel.ChannelReadApi.ChannelDrift;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Drifts in GraphQL, as REST's {@code GET /api/v1/connectors/{channel}/drift} answers them (its three scopes, its
 * state filter), newest first by keyset through {@link ChannelQueries#driftWindow} (REST pages by offset).
 */
@Controller
class DriftGraphQlController {

    private static final Scope[] READERS = {Scope.CATALOG_READ, Scope.CONNECTORS_ADMIN, Scope.AUDIT_READ};

    private final GraphQlReads reads;
    private final ChannelQueries channels;
    private final CursorKey cursorKey;

    DriftGraphQlController(GraphQlReads reads, ChannelQueries channels, CursorKey cursorKey) {
        this.reads = reads;
        this.channels = channels;
        this.cursorKey = cursorKey;
    }

    @QueryMapping
    Connection<ChannelDrift> drifts(@Argument String channel, @Argument Integer first, @Argument String after,
                                    @Argument Integer last, @Argument String before, @Argument String state,
                                    GraphQLContext context) {
        Caller caller = GraphQlCaller.requiringAny(context, READERS);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, last, before);
        if (!ChannelMessages.writesBack(channel)) {
            throw new InvalidInput("channel", "must be a channel Calibrate writes prices to ("
                    + String.join(", ", ChannelMessages.WRITE_BACK) + ")");
        }
        List<DriftState> states = ChannelQueries.driftStates(GraphQlArguments.text("state", state));
        ListCursor cursors = new ListCursor(cursorKey, caller.tenantId(), "drifts/" + channel + "?state="
                + states.stream().map(Enum::name).collect(Collectors.joining(",")));
        DriftPosition from = position(cursors, "after", after);
        DriftPosition to = position(cursors, "before", before);
        List<ChannelDrift> found = reads.read(caller,
                () -> channels.driftWindow(channel, states, from, to, window.size() + 1, window.fromEnd()));
        return Connection.ofWindow(found, window.size(), window.fromEnd(), from != null, to != null, drift -> drift,
                drift -> cursors.encode(drift.detectedAt().toString(), drift.productId().toString()));
    }

    private static DriftPosition position(ListCursor cursors, String argument, String cursor) {
        if (cursor == null) {
            return null;
        }
        List<String> position = cursors.decode(argument, cursor, 2);
        return new DriftPosition(GraphQlArguments.positionInstant(argument, position.get(0)),
                GraphQlArguments.uuid(argument, position.get(1)));
    }
}
