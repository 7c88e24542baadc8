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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes a {@link ProductSnapshot} of a product once {@code every} messages were read or written since its last
 * one (the snapshot counting one): after the command whose load and events reached that many commits (Axon's
 * event count trigger), or after a run's chunk that read that many ({@link #takeIfDue}). Axon's aggregate
 * snapshotter replays the product from its newest snapshot on {@code executor}, in a transaction of its own; the
 * store then keeps only the newest snapshot of the product. A snapshot the executor has no room for is skipped
 * (counted, {@link #skipped}): the next command or chunk past the count asks again, and until then loads read a
 * few more events.
 */
public final class ProductSnapshotter extends AggregateSnapshotter implements ProductSnapshots {

    /** The bean names the {@link Product} aggregate's annotation refers to. */
    public static final String TRIGGER = "productSnapshotTrigger";
    public static final String FILTER = "productSnapshotFilter";

    private static final Logger log = LoggerFactory.getLogger(ProductSnapshotter.class);

    private final int every;
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(2));

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
     * comes before the commit, and a snapshot taken then would miss the command's own events. One
     * synchronization a transaction holds the products it asked for. Never throws: a snapshot is a cache, and
     * one the pool has no room for must not fail a command or chunk that has committed ({@link #quietly}).
     */
    @Override
    public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            quietly(aggregateType, aggregateIdentifier);
            return;
        }
        Pending pending = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(Pending.class::isInstance).map(Pending.class::cast)
                .filter(mine -> mine.snapshotter() == this && mine.aggregateType().equals(aggregateType))
                .findFirst().orElseGet(() -> {
                    Pending asked = new Pending(this, aggregateType, new LinkedHashSet<>());
                    TransactionSynchronizationManager.registerSynchronization(asked);
                    return asked;
                });
        pending.identifiers().add(aggregateIdentifier);
    }

    /** The snapshots a transaction asked for, scheduled once it has committed. */
    private record Pending(ProductSnapshotter snapshotter, Class<?> aggregateType, Set<String> identifiers)
            implements TransactionSynchronization {

        @Override
        public void afterCommit() {
            identifiers.forEach(identifier -> snapshotter.quietly(aggregateType, identifier));
        }
    }

    /**
     * Axon's scheduling, which rethrows the pool's refusal when it has no room: counted and logged (once a
     * minute at most) instead, the product asked again by its next command or chunk past the count.
     */
    private void quietly(Class<?> aggregateType, String aggregateIdentifier) {
        try {
            super.scheduleSnapshot(aggregateType, aggregateIdentifier);
        } catch (RuntimeException refused) {
            long skippedNow = skipped.incrementAndGet();
            long now = System.nanoTime();
            long last = lastWarned.get();
            if (now - last > TimeUnit.MINUTES.toNanos(1) && lastWarned.compareAndSet(last, now)) {
                log.warn("{} product snapshots skipped so far, the latest for {}: {} (the snapshot pool is full;"
                        + " see calibrate.product-snapshots.*)", skippedNow, aggregateIdentifier, refused.toString());
            }
        }
    }

    /** Snapshots skipped since start because the pool had no room for them. */
    public long skipped() {
        return skipped.get();
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
