package dev.calibrate.command.simulation;

import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.product.ProductEventStreams;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Set;

/**
 * Reads, once per simulation, what it takes as of each day besides prices ({@link CatalogHistory}): the
 * tenant's policy from its own event stream (few events), and the streams of only the products whose
 * details, active flag or brand floors changed after the first day ended ({@link ProductChanges}), at most
 * {@code max-changed-products} of them; the rest are as they are now. Past that many it refuses ({@link TooManyChanges},
 * the simulation FAILS saying so) rather than replay them or quietly take today's values.
 */
@Component
class CatalogHistories {

    private final ProductChanges changes;
    private final ProductEventStreams streams;
    private final EventStore events;

    CatalogHistories(ProductChanges changes, ProductEventStreams streams, @Lazy EventStore events) {
        this.changes = changes;
        this.streams = streams;
        this.events = events;
    }

    CatalogHistory read(Simulation simulation, int limit, Deadline deadline) {
        java.time.Instant firstDayEnd = simulation.evaluatedAt(simulation.from());
        Optional<Set<ProductId>> changed = changes.changedAfter(simulation.tenantId(), firstDayEnd, limit);
        if (changed.isPresent() && changed.get().size() > limit) {
            throw new TooManyChanges(limit);
        }
        CatalogHistory history = new CatalogHistory(firstDayEnd, changed.isPresent());
        DomainEventStream tenant = events.readEvents(simulation.tenantId().toString());
        while (tenant.hasNext()) {
            DomainEventMessage<?> event = tenant.next();
            if (event.getPayload() instanceof TenantPolicyChanged policy) {
                history.policyChanged(event.getTimestamp(), policy.policy());
            }
        }
        deadline.check();
        int[] read = {0};
        streams.forEach(changed.orElse(Set.of()), event -> {
            if (++read[0] % 1_000 == 0) deadline.check();
            history.productEvent(new ProductId(java.util.UUID.fromString(event.getAggregateIdentifier())), event.getTimestamp(),
                    event.getPayload());
        });
        return history;
    }

    /** More products changed after the first day than a simulation replays; it fails rather than guess. */
    static final class TooManyChanges extends RuntimeException {
        TooManyChanges(int limit) {
            super("more than " + limit + " products had their details, active flag or brand floors changed after"
                    + " the first day ended, more than a simulation replays (calibrate.pricing.simulation.max-changed-products);"
                    + " simulate a later or shorter range");
        }
    }
}
