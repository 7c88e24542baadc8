package dev.calibrate.app.messaging.axonserver;

import dev.calibrate.command.product.price.ProductEventStreams;
import dev.calibrate.command.product.ingest.StoredProducts;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.EventTableUnavailable;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the axonserver profile asks of Axon's {@code EventStore} instead of the event table, against an
 * in-memory event store (the interface Axon Server's store implements): the head position, which products
 * exist, and products' streams.
 */
class AxonServerEventReadsTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final AxonServerEventReads reads = new AxonServerEventReads();

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    private void append(String type, String aggregateId, long sequence, Object payload) {
        store.publish(new GenericDomainEventMessage<>(type, aggregateId, sequence, payload));
    }

    @Test
    void theHeadPositionIsZeroWhenEmptyAndFollowsAppends() {
        EventPositions positions = reads.eventPositions(store);
        assertThat(positions.head()).isZero();

        ProductId product = new ProductId(UUID.randomUUID());
        append(ProductId.AGGREGATE_TYPE, product.toString(), 0, "created");
        long afterOne = positions.head();
        append(ProductId.AGGREGATE_TYPE, product.toString(), 1, "priced");
        append(ProductId.AGGREGATE_TYPE, product.toString(), 2, "repriced");

        assertThat(positions.head()).isEqualTo(afterOne + 2);
        assertThat(positions.handedOut()).isEqualTo(positions.head());
    }

    @Test
    void existingKeepsOnlyTheIdsWithEventsOnceEach() {
        StoredProducts stored = reads.storedProducts(store);
        String withEvents = UUID.randomUUID().toString();
        String without = UUID.randomUUID().toString();
        append(ProductId.AGGREGATE_TYPE, withEvents, 0, "created");

        assertThat(stored.existing(List.of(withEvents, without, withEvents))).isEqualTo(Set.of(withEvents));
        assertThat(stored.existing(List.of())).isEmpty();
    }

    @Test
    void productStreamsHandOverEachProductsEventsInOrderAndNoOtherAggregatesType() {
        ProductEventStreams streams = reads.productEventStreams(store);
        ProductId first = new ProductId(UUID.randomUUID());
        ProductId second = new ProductId(UUID.randomUUID());
        append(ProductId.AGGREGATE_TYPE, second.toString(), 0, "second created");
        append(ProductId.AGGREGATE_TYPE, first.toString(), 0, "first created");
        append(ProductId.AGGREGATE_TYPE, first.toString(), 1, "first priced");
        // ids are name-based: another aggregate type under the same id is not the product's
        ProductId shared = new ProductId(UUID.randomUUID());
        append("PriceChange", shared.toString(), 0, "not a product's");

        List<Object> handed = new ArrayList<>();
        streams.forEach(List.of(first, second, shared), event -> handed.add(event.getPayload()));

        assertThat(handed).containsExactly("first created", "first priced", "second created");
    }

    @Test
    void noProductChangesCanBeSearchedByTimeSoASimulationSaysPricesOnlyFromItsStart() {
        // what a simulation stores as it is recorded (catalogAsOf prices-only) hangs on this, not on an answer
        assertThat(reads.productChanges().searchable()).isFalse();
        assertThat(reads.productChanges().changedAfter(new TenantId(UUID.randomUUID()), Instant.EPOCH, 10,
                Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void theEventTableHoldsNoEventsSoItsReadersRefuse() {
        assertThat(reads.eventTable().holdsEvents()).isFalse();
        assertThatThrownBy(() -> reads.eventTable().requireFor("the event feed"))
                .isInstanceOf(EventTableUnavailable.class)
                .hasMessageStartingWith("the event feed is not available under the axonserver profile");
    }
}
