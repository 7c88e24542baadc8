package dev.calibrate.app.messaging;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tracking processor's handler calls that return nothing no longer ask the correlation data providers (Axon
 * asks them once per event to make a result message it drops), while a message a handler makes still carries
 * the correlation data of the event it handles. Axon's own configuration, processor and unit of work, in memory.
 */
class EventHandledResultTest {

    /** Counts how often it is asked; the data it gives names the message it was asked for. */
    static final class CountingProvider implements CorrelationDataProvider {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public Map<String, ?> correlationDataFor(Message<?> message) {
            asked.incrementAndGet();
            return Map.of("cause", message.getIdentifier());
        }
    }

    /** Handles three events in one batch; on the one named "send" it makes a message, as a handler sending a command does. */
    static final class Handler {
        final List<String> handled = new CopyOnWriteArrayList<>();
        final List<Message<?>> made = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(String event) {
            if (event.equals("send")) {
                made.add(GenericEventMessage.asEventMessage("caused by " + event));
            }
            handled.add(event);
        }
    }

    private record Run(int asked, Handler handler, List<EventMessage<?>> events) {
    }

    @Test
    void aHandlerCallThatReturnsNothingDoesNotAskTheProviders() {
        Run run = run(true);

        assertThat(run.handler().handled).containsExactly("first", "send", "last");
        assertThat(run.asked()).as("asked only for the message the handler made").isEqualTo(1);
    }

    @Test
    void aMessageAHandlerMakesStillCarriesTheCorrelationData() {
        Run run = run(true);

        assertThat(run.handler().made).singleElement()
                .satisfies(made -> assertThat(made.getMetaData()).containsEntry("cause", run.events().get(1).getIdentifier()));
    }

    @Test
    void withoutItAxonAsksTheProvidersOnceForEveryEventHandled() {
        Run run = run(false);

        assertThat(run.handler().handled).containsExactly("first", "send", "last");
        assertThat(run.asked()).as("three result messages and the one the handler made").isEqualTo(4);
    }

    private static Run run(boolean withEventHandledResult) {
        CountingProvider provider = new CountingProvider();
        Handler handler = new Handler();
        DefaultConfigurer configurer = (DefaultConfigurer) DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(config -> new InMemoryEventStorageEngine())
                .configureCorrelationDataProviders(config -> List.of(provider));
        configurer.eventProcessing(processing -> {
            processing.registerTrackingEventProcessor("handled", config -> config.eventStore(),
                            config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                    .andBatchSize(10))
                    .registerEventHandler(config -> handler)
                    .assignHandlerInstancesMatching("handled", instance -> true);
            if (withEventHandledResult) {
                processing.registerDefaultHandlerInterceptor((config, name) -> AxonConfiguration.eventHandled());
            }
        });
        Configuration configuration = configurer.buildConfiguration();
        List<EventMessage<?>> events = List.of(GenericEventMessage.asEventMessage("first"),
                GenericEventMessage.asEventMessage("send"), GenericEventMessage.asEventMessage("last"));
        configuration.eventBus().publish(events);
        configuration.start();
        try {
            // the processor reports the third event's position once its batch has committed
            StreamingEventProcessor processor = configuration.eventProcessingConfiguration()
                    .eventProcessor("handled", StreamingEventProcessor.class).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> processor.processingStatus().values().stream()
                    .anyMatch(status -> status.getCurrentPosition().orElse(-1) == 2));
            return new Run(provider.asked.get(), handler, events);
        } finally {
            configuration.shutdown();
        }
    }
}
