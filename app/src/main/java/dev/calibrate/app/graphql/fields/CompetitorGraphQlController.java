package dev.calibrate.app.graphql.fields;

import dev.calibrate.app.graphql.GraphQlArguments;
import dev.calibrate.app.graphql.GraphQlCaller;
import dev.calibrate.app.graphql.GraphQlReads;
import dev.calibrate.app.graphql.paging.Connection;
import dev.calibrate.app.graphql.paging.CursorKey;
import dev.calibrate.app.graphql.paging.ListCursor;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.competitor.CompetitorQueries;
import dev.calibrate.query.competitor.CompetitorQueries.CompetitorPosition;
import dev.calibrate.query.competitor.CompetitorReadApi.CompetitorListing;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/**
 * The tenant's competitors in GraphQL, as REST's {@code GET /api/v1/competitors} lists them (by name, then
 * domain; scope competitors:read), both ways by keyset through {@link CompetitorQueries#window} (REST pages by
 * offset).
 */
@Controller
class CompetitorGraphQlController {

    private final GraphQlReads reads;
    private final CompetitorQueries competitors;
    private final CursorKey cursorKey;

    CompetitorGraphQlController(GraphQlReads reads, CompetitorQueries competitors, CursorKey cursorKey) {
        this.reads = reads;
        this.competitors = competitors;
        this.cursorKey = cursorKey;
    }

    @QueryMapping
    Connection<CompetitorListing> competitors(@Argument Integer first, @Argument String after, @Argument Integer last,
                                              @Argument String before, GraphQLContext context) {
        Caller caller = GraphQlCaller.requiring(context, Scope.COMPETITORS_READ);
        GraphQlArguments.Window window = GraphQlArguments.window(first, after, last, before);
        ListCursor cursors = new ListCursor(cursorKey, caller.tenantId(), "competitors");
        CompetitorPosition from = position(cursors, "after", after);
        CompetitorPosition to = position(cursors, "before", before);
        List<CompetitorListing> found = reads.read(caller,
                () -> competitors.window(from, to, window.size() + 1, window.fromEnd()));
        boolean more = found.size() > window.size();
        List<CompetitorListing> page = !more ? found
                : window.fromEnd() ? found.subList(1, found.size()) : found.subList(0, window.size());
        return Connection.of(page, competitor -> cursors.encode(competitor.name(), competitor.domain(),
                        competitor.id().toString()),
                window.fromEnd() ? to != null : more, window.fromEnd() ? more : from != null);
    }

    private static CompetitorPosition position(ListCursor cursors, String argument, String cursor) {
        if (cursor == null) {
            return null;
        }
        List<String> position = cursors.decode(argument, cursor, 3);
        return new CompetitorPosition(GraphQlArguments.positionText(argument, position.get(0)),
                GraphQlArguments.positionText(argument, position.get(1)), GraphQlArguments.uuid(argument, position.get(2)));
    }
}
