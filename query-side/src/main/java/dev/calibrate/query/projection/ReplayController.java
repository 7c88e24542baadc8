package dev.calibrate.query.projection;

import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.query.projection.ReplayApi.ProjectionReplay;
import dev.calibrate.query.projection.ReplayApi.ReplayState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilds a read model from the event store: stop its processor, reset its tokens (its reset
 * handler clears its tables), clear its dead letters, start it again (also when the reset fails).
 * Answers 202; the rebuild runs in the background. The dead letters go because the replay meets their events again: left in place, they
 * would park every replayed event of their sequences, a poisoned product's creation included, and the
 * rebuilt table would lack rows the original had; an event still bad is dead-lettered again.
 */
@RestController
@Tag(name = "Admin: projections")
@RequestMapping(path = "/admin/v1/projections", produces = MediaType.APPLICATION_JSON_VALUE)
public class ReplayController {

    private final EventProcessingConfiguration processing;

    public ReplayController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "replayProjection", summary = "Rebuild a read model from the event store",
            description = "Resets the projection's event processor (its tables are cleared) and starts it again; "
                    + "the rebuild runs in the background.")
    public ProjectionReplay replay(@Parameter(description = "The projection's processing group, e.g. catalog.")
                                   @PathVariable String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new NotFound("projection"));
        if (!processor.supportsReset()) {
            throw new NotFound("replayable projection");
        }
        processor.shutDown();
        try {
            // a reset refused (another node still claims a segment) leaves the dead letters as they were
            processor.resetTokens();
            processing.deadLetterQueue(name).ifPresent(SequencedDeadLetterQueue::clear);
        } finally {
            processor.start();
        }
        return new ProjectionReplay(name, ReplayState.REPLAYING);
    }
}
