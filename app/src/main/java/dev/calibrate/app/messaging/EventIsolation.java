package dev.calibrate.app.messaging;

import dev.calibrate.kernel.message.BatchedWrites;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a failure attributable to one event. Projections write a whole batch of events in a few
 * statements when it commits, and PostgreSQL aborts the transaction at the first refused statement,
 * so one event the database refuses used to fail its whole batch, which the processor retried
 * forever: that read model (and with it every tenant's reads) stopped. Now the events of a batch that
 * rolled back are suspects, and when the processor takes them up again each one is handled alone:
 * its writes are made at once inside a savepoint, and if they fail the savepoint is rolled back and
 * the exception reaches Axon's dead-letter handling, which parks that event's sequence. Every other
 * event of the batch, and every later one, flows on. Healthy batches pay nothing for this. Every
 * processing group with a dead-letter queue writes with JDBC for this reason (see {@link BatchedWrites}).
 */
@Configuration(proxyBeanMethods = false)
public class EventIsolation {

    /** Beyond this, suspects of batches another node took over are forgotten rather than kept forever. */
    static final int MAX_SUSPECTS = 100_000;

    /** Events of batches that rolled back, per processing group, until a batch holding them commits. */
    static final class Suspects {
        private final Set<String> keys = ConcurrentHashMap.newKeySet();

        void add(String group, String eventId) {
            if (keys.size() >= MAX_SUSPECTS) keys.clear();
            keys.add(group + '/' + eventId);
        }

        void remove(String group, String eventId) {
            keys.remove(group + '/' + eventId);
        }

        boolean contains(String group, String eventId) {
            return !keys.isEmpty() && keys.contains(group + '/' + eventId);
        }
    }

    @Bean
    Suspects suspectEvents() {
        return new Suspects();
    }

    /** Notes every event of a batch that rolls back, and forgets it once a batch holding it commits. */
    @Bean
    ConfigurerModule suspectEventsModule(Suspects suspects) {
        return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor(
                (config, processorName) -> (MessageHandlerInterceptor<EventMessage<?>>) (unitOfWork, chain) -> {
                    String eventId = unitOfWork.getMessage().getIdentifier();
                    unitOfWork.onRollback(uow -> suspects.add(processorName, eventId));
                    unitOfWork.afterCommit(uow -> suspects.remove(processorName, eventId));
                    return chain.proceed();
                });
    }

    @Bean
    HandlerEnhancerDefinition isolatingHandlerEnhancer(Suspects suspects, ObjectProvider<DataSource> dataSource) {
        return new HandlerEnhancerDefinition() {
            @Override
            public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
                ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
                if (group == null || original.annotationAttributes(EventHandler.class).isEmpty()) {
                    return original;
                }
                return new WrappedMessageHandlingMember<>(original) {
                    @Override
                    public Object handle(Message<?> message, T target) throws Exception {
                        if (!suspects.contains(group.value(), message.getIdentifier()) || !CurrentUnitOfWork.isStarted()) {
                            return super.handle(message, target);
                        }
                        Connection transaction = DataSourceUtils.getConnection(dataSource.getObject());
                        return BatchedWrites.isolate(CurrentUnitOfWork.get(), transaction,
                                () -> super.handle(message, target));
                    }
                };
            }
        };
    }
}
