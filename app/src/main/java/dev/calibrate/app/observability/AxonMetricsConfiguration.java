package dev.calibrate.app.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's dimensional per-message metrics (command bus, event processor and event store timers,
 * counters and capacity, tagged by payload type), only with {@code calibrate.metrics.per-message=true}.
 * They are off by default because they cost what they measure: timing and tagging every message in
 * every processor took 27% of the server's CPU at ingest and 17% at apply. The processor-level
 * metrics operators alert on ({@link EventProcessorMetrics}) are sampled at scrape time and stay on.
 * Axon's own auto-configuration is excluded: its ordering against Spring Boot's makes it create a
 * private SimpleMeterRegistry that nothing exports.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "calibrate.metrics.per-message", havingValue = "true")
public class AxonMetricsConfiguration {

    @Bean
    GlobalMetricRegistry axonMetricRegistry(MeterRegistry meterRegistry) {
        return new GlobalMetricRegistry(meterRegistry);
    }

    @Bean
    MetricsConfigurerModule axonMetricsConfigurerModule(GlobalMetricRegistry axonMetricRegistry) {
        return new MetricsConfigurerModule(axonMetricRegistry, true);
    }
}
