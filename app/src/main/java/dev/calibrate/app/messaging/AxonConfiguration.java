package dev.calibrate.app.messaging;

import dev.calibrate.schemas.upcasting.EventUpcasters;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.GenericResultMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

import static dev.calibrate.kernel.message.MetadataKeys.ACTOR;
import static dev.calibrate.kernel.message.MetadataKeys.CAUSATION_ID;
import static dev.calibrate.kernel.message.MetadataKeys.CORRELATION_ID;
import static dev.calibrate.kernel.message.MetadataKeys.REQUEST_ID;
import static dev.calibrate.kernel.message.MetadataKeys.TENANT_ID;

@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Every event carries its causation (the id of the message that caused it) and the correlation
     * id of the whole flow. Axon's own names are "correlation" for the direct cause and "trace" for
     * the root, hence the order of the keys.
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(CAUSATION_ID, CORRELATION_ID);
    }

    /** ... and who acted, for which tenant, in which request. */
    @Bean
    CorrelationDataProvider requestContextProvider() {
        return new SimpleCorrelationDataProvider(TENANT_ID, ACTOR, REQUEST_ID);
    }

    /**
     * What an event handler call that returns nothing answers, one message for all of them (made without a
     * unit of work, so it carries no correlation data).
     */
    static final ResultMessage<Void> EVENT_HANDLED = new GenericResultMessage<>(
            new GenericMessage<>("event-handled", Void.class, null, MetaData.emptyInstance()));

    /**
     * Axon wraps the result of every event handler call in a new result message, and a new message takes the
     * unit of work's correlation data: both providers above read the event's metadata, and the message draws a
     * random id. An event processor only asks that result whether it is exceptional and drops it, so a call
     * that returns nothing answers {@link #EVENT_HANDLED} instead (16 % of the processors' samples in a profile
     * of an apply; within the noise of an apply's CPU measured without the profiler). A message a handler sends
     * (a command, an event) still takes the correlation data when it is made.
     */
    @Bean
    ConfigurerModule eventHandledResult() {
        return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor(
                (config, processorName) -> eventHandled());
    }

    static MessageHandlerInterceptor<EventMessage<?>> eventHandled() {
        return new EventHandled();
    }

    /** The interceptor {@link #eventHandledResult()} puts on every event processor. */
    static final class EventHandled implements MessageHandlerInterceptor<EventMessage<?>> {
        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
            Object result = chain.proceed();
            return result == null ? EVENT_HANDLED : result;
        }
    }

    /**
     * Events stored in an older shape are read in the current one: the event store and every
     * processor read through this chain (see docs/contributing.md, "Changing a schema").
     */
    @Bean
    ConfigurerModule eventUpcasters() {
        return configurer -> EventUpcasters.all()
                .forEach(upcaster -> configurer.registerEventUpcaster(configuration -> upcaster));
    }

    /**
     * Every aggregate finds its command's target here (Axon asks the configuration for this
     * component before falling back to its own resolver, which reflects over the command per call).
     */
    @Bean
    CommandTargetResolver commandTargetResolver() {
        return new CachingCommandTargetResolver();
    }
}
