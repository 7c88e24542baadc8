package dev.calibrate.app.observability;

import dev.calibrate.kernel.message.EventPositions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * What operators watch per processing group, read from the processor's status when Prometheus
 * scrapes, so handling an event costs nothing extra (unlike Axon's per-message monitors, see
 * {@link AxonMetricsConfiguration}): {@code calibrate_event_processor_errors} (segments in error),
 * {@code calibrate_event_processor_position} (the token's place in the event stream; its
 * {@code rate()} is the group's throughput in events per second) and
 * {@code calibrate_event_processor_lag} (events between that place and the head of the store).
 */
@Component
public class EventProcessorMetrics {

    private final EventProcessingConfiguration processing;
    private final EventPositions positions;
    private final MeterRegistry meters;

    public EventProcessorMetrics(EventProcessingConfiguration processing, EventPositions positions,
                                 MeterRegistry meters) {
        this.processing = processing;
        this.positions = positions;
        this.meters = meters;
    }

    /** Once the processors exist: Axon builds them while the context starts. */
    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        for (StreamingEventProcessor processor : streamingProcessors(processing)) {
            Gauge.builder("calibrate.event_processor.errors", processor, EventProcessorMetrics::errors)
                    .description("segments of the processing group in error, retrying the same events (0: healthy)")
                    .tag("processing_group", processor.getName()).register(meters);
            Gauge.builder("calibrate.event_processor.position", processor, p -> position(p.processingStatus()))
                    .description("global index the processing group has handled up to (its slowest segment this"
                            + " node holds; NaN on a node that holds none)")
                    .tag("processing_group", processor.getName()).register(meters);
            Gauge.builder("calibrate.event_processor.lag", processor,
                            p -> Math.max(0, positions.head() - position(p.processingStatus())))
                    .description("events stored after the processing group's position (0: caught up; NaN on a"
                            + " node that holds none of its segments)")
                    .tag("processing_group", processor.getName()).register(meters);
        }
    }

    static List<StreamingEventProcessor> streamingProcessors(EventProcessingConfiguration processing) {
        return processing.eventProcessors().values().stream().filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast).toList();
    }

    static long errors(StreamingEventProcessor processor) {
        long segments = processor.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState).count();
        return Math.max(segments, processor.isError() ? 1 : 0);
    }

    /**
     * The slowest position among the segments this node holds. A node holding none knows nothing of
     * the group's progress (another node works it): NaN, which Prometheus leaves out of min() and
     * max() across nodes, rather than 0, which would report the whole store as lag.
     */
    static double position(Map<Integer, EventTrackerStatus> segments) {
        return segments.values().stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(0)).min().stream()
                .mapToDouble(position -> position).findFirst().orElse(Double.NaN);
    }
}
