package dev.calibrate.app.pricing;

import dev.calibrate.command.catalog.CatalogLimits;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricechange.JdbcPreviewStore;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's preview catalogs and the event processor that keeps them current. The processor's token
 * is in memory, so every node follows the whole stream itself (a token in the shared store would split
 * the stream between the nodes, and each would miss the others' part), and starts at the head when the
 * node starts: the catalogs start empty and are rebuilt from the read model. It writes nothing, so it
 * opens no database transaction.
 */
@Configuration(proxyBeanMethods = false)
class PreviewCatalogConfiguration {

    /** Events the processor takes per batch; it only touches memory. */
    private static final int BATCH_SIZE = 500;

    @Bean
    ConfigurerModule previewCatalogProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTokenStore(PreviewCatalogs.PROCESSOR, config -> new InMemoryTokenStore())
                .registerTransactionManager(PreviewCatalogs.PROCESSOR, config -> NoTransactionManager.INSTANCE)
                .registerTrackingEventProcessor(PreviewCatalogs.PROCESSOR,
                        org.axonframework.config.Configuration::eventStore,
                        config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(BATCH_SIZE)
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken)));
    }

    @Bean
    PreviewCatalogs previewCatalogs(QueryGateway queries, ObjectProvider<EventProcessingConfiguration> processing,
                                    CatalogLimits limits, Clock clock) {
        return new PreviewCatalogs(queries, () -> position(processing.getObject()), limits, clock);
    }

    /** Warms the tenants previewed lately once the node is up ({@code calibrate.pricing.preview.catalog.warm-on-start}). */
    @Bean
    PreviewCatalogWarmUp previewCatalogWarmUp(PreviewCatalogs catalogs, JdbcPreviewStore previews, CatalogLimits limits,
                                              PreviewSettings settings) {
        return new PreviewCatalogWarmUp(catalogs, previews, limits, settings.catalog().warmOnStart());
    }

    /** Evicts idle tenants (and keeps to the budget as catalogs grow) a few times per idle time. */
    @Bean
    Eviction previewCatalogEviction(PreviewCatalogs catalogs, CatalogLimits limits) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "preview-catalog-eviction");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1_000, Math.min(limits.idleAfter().toMillis() / 4, Duration.ofMinutes(1).toMillis()));
        executor.scheduleWithFixedDelay(catalogs::evictIdle, every, every, TimeUnit.MILLISECONDS);
        return new Eviction(executor);
    }

    /** Not an executor bean: one would stand in for Spring's own task executor. */
    record Eviction(ScheduledExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    /** The least position of the processor's segments; empty until it has claimed them. */
    private static OptionalLong position(EventProcessingConfiguration processing) {
        Map<Integer, EventTrackerStatus> status = processing
                .eventProcessor(PreviewCatalogs.PROCESSOR, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus).orElse(Map.of());
        if (status.isEmpty()) {
            return OptionalLong.empty();
        }
        // an empty event store has no head: the processor is at 0 then
        return OptionalLong.of(status.values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0));
    }
}
