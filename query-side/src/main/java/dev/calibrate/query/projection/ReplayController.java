package dev.calibrate.query.projection;

import dev.calibrate.kernel.error.NotFound;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Rebuilds a read model from the event store: stop its processor, reset its tokens (its reset
 * handler clears its tables), start it again. Answers 202; the rebuild runs in the background.
 */
@RestController
@RequestMapping(path = "/admin/v1/projections", produces = MediaType.APPLICATION_JSON_VALUE)
public class ReplayController {

    private final EventProcessingConfiguration processing;

    public ReplayController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @PostMapping("/{name}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new NotFound("projection"));
        if (!processor.supportsReset()) {
            throw new NotFound("replayable projection");
        }
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return ResponseEntity.accepted().body(Map.of("projection", name, "state", "REPLAYING"));
    }
}
