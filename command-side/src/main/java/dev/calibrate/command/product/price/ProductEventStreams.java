package dev.calibrate.command.product.price;

import dev.calibrate.kernel.product.ProductId;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The event streams of many products at once, read in one query and upcast as the event store reads
 * them for an aggregate; what a run's chunk decides with. Events are handed over one at a time as
 * the rows arrive, so a chunk holds what it folds them into, never the products' whole histories.
 */
public interface ProductEventStreams {

    /** Hands each product's events to {@code each} in sequence order, product after product, from its first. */
    void forEach(Collection<ProductId> products, Consumer<DomainEventMessage<?>> each);

    /**
     * What loading each product's aggregate reads: its newest snapshot (a {@link PricesSnapshot} payload at
     * the sequence number of the last event it sums up), when it has one the store reads, then the events
     * after it. Here: every event from the first, which decides the same, only slower.
     */
    default void forEachSinceSnapshot(Collection<ProductId> products, Consumer<DomainEventMessage<?>> each) {
        forEach(products, each);
    }

    /**
     * As {@link #forEach(Collection, Consumer)}, only the events whose payload is one of {@code types}, in the
     * caller's transaction; where the store can, the others are never read, and the read is cancelled (an
     * exception) past {@code timeout}. Here: read whole and filtered, without a deadline.
     */
    default void forEach(Collection<ProductId> products, Set<Class<?>> types, Duration timeout,
                         Consumer<DomainEventMessage<?>> each) {
        forEach(products, event -> {
            if (types.contains(event.getPayloadType())) each.accept(event);
        });
    }
}
