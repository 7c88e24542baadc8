package dev.calibrate.query.feed.stream;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.feed.FeedRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;

/** The event feed as Server-Sent Events, resumable with Last-Event-ID (docs/consumers.md). */
@RestController
@Tag(name = "Events")
public class EventStreamController {

    private final EventStreams streams;
    private final FeedRequests requests;

    public EventStreamController(EventStreams streams, FeedRequests requests) {
        this.streams = streams;
        this.requests = requests;
    }

    @GetMapping(path = "/api/v1/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RequiresScope(Scope.EVENTS_READ)
    @Operation(operationId = "streamEvents", summary = "The tenant's events as Server-Sent Events",
            description = "The same events as GET /api/v1/events, pushed as they settle: each SSE message has "
                    + "id: the event's position, event: its CloudEvent type, data: the CloudEvent. Reconnect with "
                    + "Last-Event-ID (browsers' EventSource does) to resume after the last event received. A "
                    + "comment line is sent when nothing else was for a while (heartbeat); the stream ends after "
                    + "calibrate.events.stream.max-duration, and a client reconnects. When the server ends a stream "
                    + "and its client still reads, its last line is a comment saying why: ':end max-duration', "
                    + "':end unauthorized' or ':end error'. A tenant may hold "
                    + "calibrate.events.stream.max-open-per-tenant streams open per node, and a node serves at most "
                    + "calibrate.events.stream.max-open-per-node; one more is a 429. A stream ends soon after its "
                    + "token is revoked or expires (it is checked again every "
                    + "calibrate.events.stream.credential-check), and when its client does not take what was "
                    + "sent within calibrate.events.stream.send-timeout.",
            responses = @ApiResponse(responseCode = "200", description = "A stream of CloudEvents.",
                    content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(type = "string", description = "text/event-stream"))))
    @ErrorResponses({429})
    public SseEmitter stream(@Parameter(description = "Resume after an event's position, or from a page's next of "
                                     + "the same types and subject; Last-Event-ID wins when both are given.",
                                     example = "1042")
                             @RequestParam(required = false) String after,
                             @Parameter(description = "The position of the last event received, as the SSE "
                                     + "reconnection sends it.")
                             @RequestHeader(name = FeedRequests.LAST_EVENT_ID, required = false) String lastEventId,
                             @Parameter(description = FeedRequests.TYPES_DESCRIPTION)
                             @RequestParam(required = false) List<String> types,
                             @Parameter(description = FeedRequests.SUBJECT_DESCRIPTION)
                             @RequestParam(required = false) String subject,
                             Caller caller) {
        return streams.open(caller, requests.stream(caller.tenantId(), after, lastEventId, types, subject));
    }
}
