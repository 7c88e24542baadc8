package dev.calibrate.app.messaging;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.ListableBeanFactory;

import java.util.Arrays;
import java.util.Optional;

/**
 * The JDBC event store for an application in which no aggregate takes snapshots: Axon asks the store
 * for a snapshot before loading any aggregate, a query on {@code snapshotevententry} that can only
 * come back empty, once per command. This engine answers "none" without asking, and refuses to store
 * one, so that an aggregate later given a snapshot trigger fails loudly here (in the snapshotter's
 * log) instead of writing snapshots no load ever reads; {@link #snapshotsDeclaredIn} then picks Axon's engine.
 */
public class SnapshotlessEventStorageEngine extends JdbcEventStorageEngine {

    public SnapshotlessEventStorageEngine(Builder builder) {
        super(builder);
    }

    /**
     * Whether the application snapshots an aggregate: an {@code @Aggregate} naming a snapshot trigger,
     * or a trigger declared as a bean (which an aggregate configured in code would use).
     */
    public static boolean snapshotsDeclaredIn(ListableBeanFactory beans) {
        return beans.getBeanNamesForType(SnapshotTriggerDefinition.class, true, false).length > 0
                || Arrays.stream(beans.getBeanNamesForAnnotation(Aggregate.class))
                .map(name -> beans.findAnnotationOnBean(name, Aggregate.class, false))
                .anyMatch(aggregate -> aggregate != null && !aggregate.snapshotTriggerDefinition().isEmpty());
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return Optional.empty();
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        throw new IllegalStateException("Snapshot of " + snapshot.getType() + " " + snapshot.getAggregateIdentifier()
                + " refused: this event store reads no snapshots, since no aggregate declared a snapshot trigger");
    }
}
