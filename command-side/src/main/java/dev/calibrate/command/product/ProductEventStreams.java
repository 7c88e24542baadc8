package dev.calibrate.command.product;

import dev.calibrate.kernel.product.ProductId;
import org.axonframework.eventhandling.DomainEventMessage;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * The event streams of many products at once, read in one query and upcast as the event store reads
 * them for an aggregate; what a run's chunk decides with. Events are handed over one at a time as
 * the rows arrive, so a chunk holds what it folds them into, never the products' whole histories.
 */
public interface ProductEventStreams {

    /** Hands each product's events to {@code each} in sequence order, product after product. */
    void forEach(Collection<ProductId> products, Consumer<DomainEventMessage<?>> each);
}
