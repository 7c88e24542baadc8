package dev.calibrate.query.projection;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.query.projection.SegmentsApi.ProcessorList;
import dev.calibrate.query.projection.SegmentsApi.ProcessorView;
import dev.calibrate.query.projection.SegmentsApi.SegmentRelease;
import dev.calibrate.query.projection.SegmentsApi.SegmentView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spreading a processor's segments over several nodes (docs/operations.md, "Several nodes"): who holds
 * which segment, read from the shared token store so that any node answers for the cluster, and a node
 * giving one of its segments up ({@link StreamingEventProcessor#releaseSegment(int, long, TimeUnit)}) so
 * that another node claims it. A release goes to the node holding the segment: asked elsewhere it is a 409
 * naming the holder.
 */
@RestController
@Tag(name = "Admin: projections")
@RequestMapping(path = "/admin/v1/projections", produces = MediaType.APPLICATION_JSON_VALUE)
public class SegmentsController {

    static final int MAX_RELEASE_SECONDS = 3600;

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;

    public SegmentsController(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    @GetMapping
    @Operation(operationId = "listProjectionSegments", summary = "Every tracking processor and which node holds each segment",
            description = "Segments and owners come from the token store shared by the nodes; `here`, `running`, "
                    + "`error` and `caughtUp` are the answering node's.")
    public ProcessorList list() {
        List<ProcessorView> processors = processing.eventProcessors().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof StreamingEventProcessor)
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> view(entry.getKey(), (StreamingEventProcessor) entry.getValue()))
                .toList();
        return new ProcessorList(processors);
    }

    @PostMapping("/{name}/segments/{segment}/release")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ErrorResponses({400, 404, 409})
    @Operation(operationId = "releaseProjectionSegment", summary = "Give a segment up for another node to claim",
            description = "The answering node stops processing the segment and does not claim it back for `seconds`, "
                    + "so that another node takes it (alone, it takes it back after that). 409 when this node does not "
                    + "hold it: send the request to the node `owner` names.")
    public SegmentRelease release(@Parameter(description = "The processor, e.g. catalog.") @PathVariable String name,
                                  @PathVariable int segment,
                                  @Parameter(description = "How long this node leaves it to the others, 1 to 3600.",
                                          example = "30") @RequestParam(defaultValue = "30") int seconds) {
        if (seconds < 1 || seconds > MAX_RELEASE_SECONDS) {
            throw new InvalidInput("seconds", "must be between 1 and " + MAX_RELEASE_SECONDS);
        }
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new NotFound("projection"));
        List<SegmentView> segments = segments(name, processor);
        SegmentView found = segments.stream().filter(s -> s.segment() == segment).findFirst()
                .orElseThrow(() -> new NotFound("segment"));
        if (!found.here()) {
            throw new NotHeldHere(name, segment, found.owner());
        }
        processor.releaseSegment(segment, seconds, TimeUnit.SECONDS);
        return new SegmentRelease(name, segment, seconds);
    }

    private ProcessorView view(String name, StreamingEventProcessor processor) {
        boolean error = processor.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState);
        return new ProcessorView(name, processor.isRunning(), error, segments(name, processor));
    }

    private List<SegmentView> segments(String name, StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> here = processor.processingStatus();
        return jdbc.query("SELECT segment, owner, timestamp FROM tokenentry WHERE processorname = ?",
                        (row, i) -> {
                            int segment = row.getInt(1);
                            EventTrackerStatus status = here.get(segment);
                            return new SegmentView(segment, row.getString(2), status != null,
                                    claimedAt(row.getString(3)), status == null ? null : status.isCaughtUp());
                        }, name)
                .stream().sorted(Comparator.comparingInt(SegmentView::segment)).toList();
    }

    /** Axon stores the claim's time as ISO-8601 text. */
    private static Instant claimedAt(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return Instant.parse(stored);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The segment is processed by another node, or by none: only its holder can give it up. */
    static final class NotHeldHere extends Rejection {

        private final String owner;

        NotHeldHere(String processor, int segment, String owner) {
            super("segment " + segment + " of " + processor + " is " + (owner == null ? "held by no node"
                    : "held by " + owner) + ", not by the node that answered: send the release to its holder");
            this.owner = owner;
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }

        @Override
        public Map<String, Object> problemProperties() {
            return owner == null ? Map.of() : Map.of("owner", owner);
        }
    }
}
