package dev.calibrate.command.product;

import dev.calibrate.command.product.price.ProductSnapshots;
import dev.calibrate.kernel.product.ProductId;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.concurrent.Executor;

/**
 * Takes a {@link ProductSnapshot} of a product once {@code every} messages were read or written since its last
 * one (the snapshot counting one): after the command whose load and events reached that many commits (Axon's
 * event count trigger), or after a run's chunk that read that many ({@link #takeIfDue}). Axon's aggregate
 * snapshotter replays the product from its newest snapshot on {@code executor}, in a transaction of its own; the
 * store then keeps only the newest snapshot of the product. A snapshot the executor has no room for is skipped: the next command or
 * chunk past the count asks again, and until then loads read a few more events.
 */
public final class ProductSnapshotter extends AggregateSnapshotter implements ProductSnapshots {

    /** The bean names the {@link Product} aggregate's annotation refers to. */
    public static final String TRIGGER = "productSnapshotTrigger";
    public static final String FILTER = "productSnapshotFilter";

    private final int every;

    public ProductSnapshotter(EventStore events, TransactionManager transactions, Executor executor,
                              ParameterResolverFactory parameters, HandlerDefinition handlers, int every) {
        super(AggregateSnapshotter.builder()
                .eventStore(events)
                .transactionManager(transactions)
                .executor(executor)
                .parameterResolverFactory(parameters)
                .handlerDefinition(handlers)
                .aggregateFactories(new GenericAggregateFactory<>(Product.class)));
        if (every < 1) {
            throw new IllegalArgumentException("a product is snapshotted every 1 or more events, not " + every);
        }
        this.every = every;
    }

    /** Axon's count of the events a command's load and handling went through, against {@code every}. */
    public SnapshotTriggerDefinition trigger() {
        return new EventCountSnapshotTriggerDefinition(this, every);
    }

    /**
     * Only a product snapshot of the current revision is read; any other (an older revision, another payload)
     * is passed over, and the product is replayed from its first event as if it had none.
     */
    public static SnapshotFilter filter() {
        return snapshot -> !ProductId.AGGREGATE_TYPE.equals(snapshot.getType())
                || ProductSnapshot.class.getName().equals(snapshot.getPayload().getType().getName())
                && ProductSnapshot.REVISION.equals(snapshot.getPayload().getType().getRevision());
    }

    /** As Axon's trigger: from {@code every} messages since the last snapshot (which counts one). */
    @Override
    public void takeIfDue(ProductId product, int sinceSnapshot) {
        if (sinceSnapshot >= every) {
            scheduleSnapshot(Product.class, product.toString());
        }
    }

    /**
     * Once the database transaction commits, when the command runs in one its unit of work does not own (a run's
     * chunk, an ingest's batch): Axon's "after commit" is its unit of work's, which inside such a transaction
     * comes before the commit, and a snapshot taken then would miss the command's own events.
     */
    @Override
    public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    ProductSnapshotter.super.scheduleSnapshot(aggregateType, aggregateIdentifier);
                }
            });
        } else {
            super.scheduleSnapshot(aggregateType, aggregateIdentifier);
        }
    }

    /** The aggregate Axon replayed, handed to the store as what it remembers rather than as itself. */
    @Override
    protected DomainEventMessage createSnapshot(Class<?> aggregateType, String aggregateIdentifier,
                                                DomainEventStream eventStream) {
        DomainEventMessage<?> replayed = super.createSnapshot(aggregateType, aggregateIdentifier, eventStream);
        if (replayed == null || !(replayed.getPayload() instanceof Product product)) {
            return replayed;
        }
        return new GenericDomainEventMessage<>(replayed.getType(), replayed.getAggregateIdentifier(),
                replayed.getSequenceNumber(), product.snapshot());
    }
}
