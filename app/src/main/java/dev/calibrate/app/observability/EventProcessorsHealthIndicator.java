package dev.calibrate.app.observability;

import dev.calibrate.kernel.message.EventPositions;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code eventProcessors} (operators only): per processor whether
 * it runs, is in error, how far it got in the event stream and how far behind the head it is, and the
 * processors in error under {@code failing}. The component stays UP even then: an event one tenant
 * made fails the same way on every node, so a DOWN here would pull every node out of service for all
 * tenants. Alert on the gauge {@code calibrate_event_processor_errors{processing_group}} instead
 * ({@link EventProcessorMetrics}).
 */
@Component("eventProcessors")
public class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final EventPositions positions;

    public EventProcessorsHealthIndicator(EventProcessingConfiguration processing, EventPositions positions) {
        this.processing = processing;
        this.positions = positions;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        long head = positions.head();
        List<String> failing = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (StreamingEventProcessor processor : EventProcessorMetrics.streamingProcessors(processing)) {
            Map<String, Object> detail = new LinkedHashMap<>();
            double position = EventProcessorMetrics.position(processor.processingStatus());
            boolean error = EventProcessorMetrics.errors(processor) > 0;
            detail.put("running", processor.isRunning());
            detail.put("error", error);
            detail.put("replaying", processor.isReplaying());
            if (!Double.isNaN(position)) { // a node holding none of the group's segments knows no position
                detail.put("position", (long) position);
                detail.put("lag", Math.max(0, head - (long) position));
            }
            details.put(processor.getName(), detail);
            if (error || !processor.isRunning()) {
                failing.add(processor.getName());
            }
        }
        builder.up().withDetail("head", head).withDetail("failing", failing).withDetails(details);
    }
}
