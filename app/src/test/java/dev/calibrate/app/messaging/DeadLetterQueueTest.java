package dev.calibrate.app.messaging;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every read model parks failing events in PostgreSQL, and the table round-trips a dead letter. */
class DeadLetterQueueTest extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void everyProjectionHasAJdbcDeadLetterQueue() {
        for (String group : List.of("catalog", "audit", "tenants")) {
            assertThat(processing.deadLetterQueue(group)).as(group)
                    .containsInstanceOf(JdbcSequencedDeadLetterQueue.class);
        }
    }

    @Test
    void aDeadLetterIsStoredAndReadBackWithItsCause() {
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue("tenants").orElseThrow();
        TenantCreated payload = new TenantCreated(TenantId.random(), "Dead letter", "EUR");
        String sequence = "dlq-test-" + payload.tenantId();

        queue.enqueue(sequence, new GenericDeadLetter<>(sequence, GenericEventMessage.asEventMessage(payload),
                new IllegalStateException("projection failed")));

        assertThat(queue.contains(sequence)).isTrue();
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetterSequence(sequence).forEach(letters::add);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).message().getPayload()).isEqualTo(payload);
        assertThat(letters.get(0).cause()).hasValueSatisfying(cause ->
                assertThat(cause.message()).isEqualTo("projection failed"));

        queue.evict(letters.get(0));
        assertThat(queue.contains(sequence)).isFalse();
    }
}
