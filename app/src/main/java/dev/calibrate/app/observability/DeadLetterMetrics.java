package dev.calibrate.app.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code calibrate_dead_letters{processing_group}}: events a processing group set aside because it could
 * not handle them (with the later events of the same sequence), counted in the shared dead-letter table
 * when Prometheus scrapes, so every node reports the cluster's number. Above 0 an operator looks at
 * {@code /admin/v1/dead-letters} and retries or evicts them.
 */
@Component
class DeadLetterMetrics {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    DeadLetterMetrics(EventProcessingConfiguration processing, JdbcTemplate jdbc, MeterRegistry meters) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** Once the processors exist: Axon builds them while the context starts. */
    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        for (StreamingEventProcessor processor : EventProcessorMetrics.streamingProcessors(processing)) {
            String group = processor.getName();
            Gauge.builder("calibrate.dead_letters", this, metrics -> metrics.count(group))
                    .description("events the processing group dead-lettered, all nodes (0: none)")
                    .tag("processing_group", group).register(meters);
        }
    }

    private long count(String group) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM deadletterentry WHERE processinggroup = ?",
                Long.class, group);
        return count == null ? 0 : count;
    }
}
