package dev.calibrate.app.messaging;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.util.Optional;

/**
 * The JDBC event store, reading a snapshot whole before handing it over. Axon deserializes a snapshot's payload
 * only when the aggregate applies it, past the point where its event store passes over a snapshot it cannot read
 * and replays the aggregate from its first event; a snapshot stored damaged (or by a build whose classes read it
 * differently under the same revision) would then fail every command on its aggregate until a newer snapshot
 * replaced it, which no command could take. Read here, the failure is the store's, which logs it and replays.
 */
class SnapshotCheckingStorageEngine extends JdbcEventStorageEngine {

    SnapshotCheckingStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        Optional<DomainEventMessage<?>> snapshot = super.readSnapshot(aggregateIdentifier);
        snapshot.ifPresent(DomainEventMessage::getPayload);
        return snapshot;
    }
}
