package dev.calibrate.command.product;

import dev.calibrate.kernel.product.ProductId;
import org.axonframework.eventhandling.DomainEventMessage;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The event streams of many products at once, read in one query and upcast as the event store reads
 * them for an aggregate; what a run's chunk decides with. A product with no events is absent.
 */
public interface ProductEventStreams {

    /** Each product's events in sequence order. */
    Map<ProductId, List<DomainEventMessage<?>>> read(Collection<ProductId> products);
}
