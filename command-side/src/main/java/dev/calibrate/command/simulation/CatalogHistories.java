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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
    private final TransactionTemplate transactions;

    CatalogHistories(ProductChanges changes, ProductEventStreams streams, @Lazy EventStore events,
                     PlatformTransactionManager transactions) {
        this.changes = changes;
        this.streams = streams;
        this.events = events;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setReadOnly(true);
    }

    CatalogHistory read(Simulation simulation, int limit, Deadline deadline) {
        Instant firstDayEnd = simulation.evaluatedAt(simulation.from());
        Optional<Set<ProductId>> changed;
        try {
            changed = changes.changedAfter(simulation.tenantId(), firstDayEnd, limit, deadline.remaining());
        } catch (RuntimeException failed) {
            deadline.check(); // cancelled at the deadline: over the budget, not a failure
            throw failed;
        }
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
        // in a read-only transaction, where the event table's reader streams the rows instead of loading them all
        transactions.executeWithoutResult(status -> streams.forEach(changed.orElse(Set.of()), event -> {
            if (++read[0] % 1_000 == 0) deadline.check();
            history.productEvent(new ProductId(UUID.fromString(event.getAggregateIdentifier())),
                    event.getTimestamp(), event.getPayload());
        }));
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
