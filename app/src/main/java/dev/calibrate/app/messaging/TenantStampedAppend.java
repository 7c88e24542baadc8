package dev.calibrate.app.messaging;

import dev.calibrate.kernel.message.DomainEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Axon's append statement plus the event's tenant in {@code tenant_id}, which row-level security
 * checks when a request reads the event store. The tenant is the one the event names itself (what the
 * aggregate decided), never its metadata (what the sending code stamped); an event that names none
 * is stored without one, and no request can read it.
 */
final class TenantStampedAppend implements AppendEventsStatementBuilder {

    static final String TENANT_COLUMN = "tenant_id";

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("INSERT INTO " + schema.domainEventTable()
                + " (" + schema.domainEventFields() + ", " + TENANT_COLUMN + ") VALUES (?,?,?,?,?,?,?,?,?,?)");
        // the events of one command (a run's chunk: thousands) share their metadata: written once
        Map<MetaData, SerializedObject<?>> metaDataWritten = new HashMap<>();
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = asDomainEvent(message);
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            SerializedObject<?> metaData = metaDataWritten.computeIfAbsent(event.getMetaData(),
                    same -> event.serializeMetaData(serializer, dataType));
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            timestampWriter.writeTimestamp(statement, 5, event.getTimestamp());
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setObject(8, payload.getData());
            statement.setObject(9, metaData.getData());
            statement.setObject(10, tenantOf(event), Types.OTHER);
            statement.addBatch();
        }
        return statement;
    }

    private static UUID tenantOf(EventMessage<?> event) {
        return event.getPayload() instanceof DomainEvent domainEvent && domainEvent.tenantId() != null
                ? domainEvent.tenantId().value()
                : null;
    }

    /** As Axon's own statement does: an event published outside an aggregate is stored as its own aggregate. */
    private static <T> DomainEventMessage<T> asDomainEvent(EventMessage<T> event) {
        return event instanceof DomainEventMessage<T> domainEvent
                ? domainEvent
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }
}
