package dev.calibrate.app.observability;

import dev.calibrate.kernel.message.EventPositions;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code eventProcessors}: per processor whether it runs, is in
 * error, how far it got in the event stream and how far behind the head it is. DOWN when one is
 * stopped or failing, since its read model then goes stale.
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
        boolean healthy = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (StreamingEventProcessor processor : processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            boolean running = processor.isRunning() && !processor.isError();
            long position = processor.processingStatus().values().stream()
                    .mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0);
            boolean segmentError = processor.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState);
            detail.put("running", processor.isRunning());
            detail.put("error", processor.isError() || segmentError);
            detail.put("replaying", processor.isReplaying());
            detail.put("position", position);
            detail.put("lag", Math.max(0, head - position));
            details.put(processor.getName(), detail);
            healthy &= running && !segmentError;
        }
        builder.status(healthy ? "UP" : "DOWN").withDetail("head", head).withDetails(details);
    }
}
