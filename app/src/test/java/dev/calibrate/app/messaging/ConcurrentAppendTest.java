package dev.calibrate.app.messaging;

import dev.calibrate.app.support.IntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two commands that loaded the same version of an aggregate both append at the next sequence, and the
 * real PostgreSQL store refuses the second by its unique key. That must reach the caller as Axon's
 * concurrency conflict (a 409 the client retries), never as an unexplained storage failure (a 500).
 */
class ConcurrentAppendTest extends IntegrationTest {

    @Autowired
    EventStorageEngine storage;

    @Test
    void aRivalEventAtATakenSequenceIsAConcurrencyConflict() {
        String aggregate = UUID.randomUUID().toString();
        storage.appendEvents(event(aggregate, 0, "created"), event(aggregate, 1, "changed"));

        assertThatThrownBy(() -> storage.appendEvents(event(aggregate, 1, "changed by a rival")))
                .isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void aRivalCreationOfTheSameAggregateIsACreationConflict() {
        String aggregate = UUID.randomUUID().toString();
        storage.appendEvents(event(aggregate, 0, "created"));

        assertThatThrownBy(() -> storage.appendEvents(event(aggregate, 0, "created by a rival")))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence, String payload) {
        return new GenericDomainEventMessage<>("ConcurrencyProbe", aggregate, sequence, payload);
    }
}
