package dev.calibrate.app.messaging;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Dead-letters every failure, keeping the exception's own type. Axon's default policy hands the queue
 * a {@link ThrowableCause}, which the JDBC queue wraps once more when a retried letter fails again: the
 * stored cause type would then read {@code ThrowableCause} instead of the exception that happened.
 * The exception itself goes in unless its message is longer than the cause column holds. A letter
 * retried by a projection that writes its batch when the unit of work commits (the catalog) fails
 * after its handler returned: Axon then has no exception to hand over, and the letter goes back with
 * the cause it had.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterPolicy {

    @Bean
    ConfigurerModule deadLetterPolicyModule() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultDeadLetterPolicy(config -> (letter, cause) -> decide(cause));
    }

    static EnqueueDecision<EventMessage<?>> decide(Throwable cause) {
        if (cause == null) {
            return Decisions.enqueue(null);
        }
        String message = cause.getMessage();
        boolean fits = message == null || message.length() <= ThrowableCause.TRUNCATED_MESSAGE_SIZE;
        return Decisions.enqueue(fits ? cause : ThrowableCause.truncated(cause));
    }
}
