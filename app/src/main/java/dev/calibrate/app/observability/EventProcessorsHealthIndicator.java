package dev.calibrate.app.observability;

import dev.calibrate.kernel.message.EventPositions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
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
 * tenants. Alert on the gauge {@code calibrate_event_processor_errors{processing_group}} instead.
 */
@Component("eventProcessors")
public class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final EventPositions positions;
    private final MeterRegistry meters;

    public EventProcessorsHealthIndicator(EventProcessingConfiguration processing, EventPositions positions,
                                          MeterRegistry meters) {
        this.processing = processing;
        this.positions = positions;
        this.meters = meters;
    }

    /** Once the processors exist: Axon builds them while the context starts. */
    @EventListener(ApplicationReadyEvent.class)
    void registerErrorGauges() {
        for (StreamingEventProcessor processor : streamingProcessors()) {
            Gauge.builder("calibrate.event_processor.errors", processor, EventProcessorsHealthIndicator::errors)
                    .description("segments of the processing group in error, retrying the same events (0: healthy)")
                    .tag("processing_group", processor.getName()).register(meters);
        }
    }

    private static double errors(StreamingEventProcessor processor) {
        long segments = processor.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState).count();
        return Math.max(segments, processor.isError() ? 1 : 0);
    }

    private List<StreamingEventProcessor> streamingProcessors() {
        return processing.eventProcessors().values().stream().filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast).toList();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        long head = positions.head();
        List<String> failing = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (StreamingEventProcessor processor : streamingProcessors()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            long position = processor.processingStatus().values().stream()
                    .mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0);
            boolean error = errors(processor) > 0;
            detail.put("running", processor.isRunning());
            detail.put("error", error);
            detail.put("replaying", processor.isReplaying());
            detail.put("position", position);
            detail.put("lag", Math.max(0, head - position));
            details.put(processor.getName(), detail);
            if (error || !processor.isRunning()) {
                failing.add(processor.getName());
            }
        }
        builder.up().withDetail("head", head).withDetail("failing", failing).withDetails(details);
    }
}
