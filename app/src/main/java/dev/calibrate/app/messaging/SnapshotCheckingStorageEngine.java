package dev.calibrate.app.messaging;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The JDBC event store, with two guards around snapshots that Axon's engine lacks.
 * <ul>
 *     <li>A snapshot is read whole before it is handed over. Axon deserializes a snapshot's payload only when the
 *     aggregate applies it, past the point where its event store passes over a snapshot it cannot read and replays
 *     the aggregate from its first event; a snapshot stored damaged (or by a build whose classes read it
 *     differently under the same revision) would then fail every command on its aggregate. Read here, the failure
 *     is the store's, which logs it and replays.</li>
 *     <li>A new snapshot replaces one at the same sequence number. Axon inserts the new one before deleting the
 *     older ones, so a snapshot that loads pass over (another revision, unreadable) at the aggregate's last
 *     event would refuse its replacement until the aggregate had a newer event: every command until then would
 *     replay the whole stream and ask for a snapshot again, in vain. (During a rolling upgrade that raises a
 *     snapshot's revision, the two builds replace each other's this way until the old one is gone.)</li>
 * </ul>
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

    /** In the snapshot's transaction: the one at its sequence number (if any) goes first. */
    @Override
    protected PreparedStatement appendSnapshot(Connection connection, DomainEventMessage<?> snapshot,
                                               Serializer serializer) throws SQLException {
        try (PreparedStatement replaced = connection.prepareStatement("DELETE FROM " + schema().snapshotTable()
                + " WHERE " + schema().aggregateIdentifierColumn() + " = ? AND " + schema().sequenceNumberColumn()
                + " = ?")) {
            replaced.setString(1, snapshot.getAggregateIdentifier());
            replaced.setLong(2, snapshot.getSequenceNumber());
            replaced.executeUpdate();
        }
        return super.appendSnapshot(connection, snapshot, serializer);
    }
}
