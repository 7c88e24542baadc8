package dev.calibrate.app.messaging.axonserver;

import dev.calibrate.command.product.price.ProductEventStreams;
import dev.calibrate.command.simulation.ProductChanges;
import dev.calibrate.command.product.ingest.StoredProducts;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.EventTable;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Profile;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Under the {@code axonserver} profile the events live in Axon Server, so what the default setup reads
 * from PostgreSQL's event table with SQL is asked of Axon's {@link EventStore} instead: the head position,
 * whether a product has events, and products' event streams. Each is one call per product where SQL
 * took one query for all, the price of not reading the store's tables (docs/operations.md#axon-server-profile).
 */
@Configuration(proxyBeanMethods = false)
@Profile("axonserver")
public class AxonServerEventReads {

    /**
     * The head token's position. Axon Server hands a position out as it commits the event, so the last one
     * handed out is the head ({@link EventPositions#handedOut()}'s default).
     */
    @Bean
    EventPositions eventPositions(@Lazy EventStore events) {
        return () -> {
            TrackingToken head = events.createHeadToken();
            return head == null ? 0 : head.position().orElse(0);
        };
    }

    /**
     * PostgreSQL's event table holds no events here: what reads it with SQL (the feed, product history,
     * price-at, provenance, anomalies) refuses with a 503 naming the feature, whoever calls it.
     */
    @Bean
    EventTable eventTable() {
        return () -> false;
    }

    /** A product has events when its stream has a last sequence number. */
    @Bean
    StoredProducts storedProducts(@Lazy EventStore events) {
        return productIds -> productIds.stream().distinct()
                .filter(id -> events.lastSequenceNumberFor(id).isPresent())
                .collect(Collectors.toCollection(HashSet::new));
    }

    /**
     * Each product's stream, product after product, upcast on the way: from its first event, or (for a run's
     * chunk) as the store loads its aggregate, from its newest snapshot.
     */
    @Bean
    ProductEventStreams productEventStreams(@Lazy EventStore events) {
        return new ProductEventStreams() {
            @Override
            public void forEach(Collection<ProductId> products, Consumer<DomainEventMessage<?>> each) {
                products.forEach(product -> handOn(events.readEvents(product.toString(), 0), each));
            }

            @Override
            public void forEachSinceSnapshot(Collection<ProductId> products, Consumer<DomainEventMessage<?>> each) {
                products.forEach(product -> handOn(events.readEvents(product.toString()), each));
            }
        };
    }

    private static void handOn(DomainEventStream stream, Consumer<DomainEventMessage<?>> each) {
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (ProductId.AGGREGATE_TYPE.equals(event.getType())) {
                each.accept(event);
            }
        }
    }

    /**
     * Axon Server's store cannot be searched by time across aggregates, so a simulation cannot tell which
     * products changed within its range: it takes every product's details, active flag and brand floors as
     * they are now, and says so (its {@code catalogAsOf} is {@code prices-only}).
     */
    @Bean
    ProductChanges productChanges() {
        return new ProductChanges() {
            @Override
            public Optional<Set<ProductId>> changedAfter(TenantId tenantId, Instant after, int limit,
                                                         Duration timeout) {
                return Optional.empty();
            }

            @Override
            public boolean searchable() {
                return false;
            }
        };
    }
}
