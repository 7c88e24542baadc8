package dev.calibrate.query.feed;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.feed.FeedApi.EventPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The tenant's events for outside consumers, as CloudEvents, page by page (docs/consumers.md). */
@RestController
@Tag(name = "Events")
public class EventFeedController {

    private final EventFeed feed;
    private final FeedRequests requests;

    public EventFeedController(EventFeed feed, FeedRequests requests) {
        this.feed = feed;
        this.requests = requests;
    }

    @GetMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.EVENTS_READ)
    @ErrorResponses({503})
    @Operation(operationId = "listEvents", summary = "The tenant's events as CloudEvents, in position order",
            description = "The events after a position, oldest first, as CloudEvents 1.0 (JSON format) with a "
                    + "position extension. Pass the page's next as after= to read on; next is never null, so a "
                    + "consumer polls with it. Only settled positions are served (no event can still appear "
                    + "before them), so following next never skips an event: delivery is at-least-once, in "
                    + "position order. A page looks at most at calibrate.events.scan-window of the tenant's "
                    + "events: with a sparse types or subject filter it may come back with few or no events and "
                    + "a next past them; read on with next. A read that takes longer than "
                    + "calibrate.events.statement-timeout is a 503 with Retry-After.")
    public EventPage list(@Parameter(description = "Resume after an event's position, or from a page's next "
                                  + "(only with the types and subject that page was read with: another filter is a "
                                  + "400); none or 0 starts at the tenant's first event.", example = "1042")
                          @RequestParam(required = false) String after,
                          @Parameter(description = FeedRequests.TYPES_DESCRIPTION)
                          @RequestParam(required = false) List<String> types,
                          @Parameter(description = FeedRequests.SUBJECT_DESCRIPTION)
                          @RequestParam(required = false) String subject,
                          @Parameter(description = "At most this many events, 1 to 1,000.")
                          @RequestParam(defaultValue = "100") int limit,
                          Caller caller) {
        FeedQuery query = requests.page(caller.tenantId(), after, types, subject, limit);
        EventFeed.Page page = feed.page(caller.tenantId(), query);
        return new EventPage(page.events(), requests.next(caller.tenantId(), query, page.next()));
    }
}
