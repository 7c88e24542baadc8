package dev.calibrate.app.messaging;

import dev.calibrate.command.product.ProductEventStreams;
import dev.calibrate.kernel.product.ProductId;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Many products' event streams in one query, through the same serializer and upcaster chain the event
 * store reads an aggregate with (so an old event version reads as the current one), in the caller's
 * transaction. As the store does for an aggregate: no snapshots, since no aggregate takes them.
 */
@Component
class JdbcProductEventStreams implements ProductEventStreams {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final org.axonframework.config.Configuration axon;

    JdbcProductEventStreams(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer eventSerializer,
                            @Lazy org.axonframework.config.Configuration axon) {
        this.jdbc = jdbc;
        this.serializer = new StorableEventSerializer(eventSerializer);
        this.axon = axon;
    }

    @Override
    public Map<ProductId, List<DomainEventMessage<?>>> read(Collection<ProductId> products) {
        if (products.isEmpty()) {
            return Map.of();
        }
        String[] ids = products.stream().map(ProductId::toString).toArray(String[]::new);
        List<DomainEventData<?>> rows = jdbc.query("SELECT type, aggregateidentifier, sequencenumber,"
                        + " eventidentifier, timestamp, payloadtype, payloadrevision, payload, metadata"
                        + " FROM domainevententry WHERE aggregateidentifier = ANY (?) AND type = ?"
                        + " ORDER BY aggregateidentifier, sequencenumber",
                (rs, n) -> new GenericDomainEventEntry<>(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8),
                        rs.getBytes(9)),
                jdbc.execute((java.sql.Connection c) -> c.createArrayOf("varchar", ids)), ProductId.AGGREGATE_TYPE);
        Map<ProductId, List<DomainEventMessage<?>>> streams = new HashMap<>();
        DomainEventStream events = EventStreamUtils.upcastAndDeserializeDomainEvents(rows.stream(), serializer,
                axon.upcasterChain());
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            streams.computeIfAbsent(new ProductId(UUID.fromString(event.getAggregateIdentifier())),
                    product -> new ArrayList<>()).add(event);
        }
        return streams;
    }
}
