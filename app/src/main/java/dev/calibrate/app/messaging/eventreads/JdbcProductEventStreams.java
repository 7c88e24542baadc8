package dev.calibrate.app.messaging.eventreads;

import dev.calibrate.app.messaging.StorableEventSerializer;
import dev.calibrate.command.product.ProductSnapshot;
import dev.calibrate.command.product.price.ProductEventStreams;
import dev.calibrate.kernel.product.ProductId;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Many products' event streams in one query, through the same serializer and upcaster chain the event
 * store reads an aggregate with (so an old event version reads as the current one), in the caller's
 * transaction, streamed: rows are fetched a thousand at a time and handed on one by one. From a product's
 * snapshot, as the store loads its aggregate, when asked ({@link #forEachSinceSnapshot}).
 */
@Component
@Profile("!axonserver")
class JdbcProductEventStreams implements ProductEventStreams {

    private static final Logger log = LoggerFactory.getLogger(JdbcProductEventStreams.class);
    private static final int FETCH_SIZE = 1_000;

    private static final String COLUMNS = "type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,"
            + " payloadtype, payloadrevision, payload, metadata";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Serializer snapshotSerializer;
    private final org.axonframework.config.Configuration axon;

    JdbcProductEventStreams(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer eventSerializer,
                            @Qualifier("serializer") Serializer snapshotSerializer,
                            @Lazy org.axonframework.config.Configuration axon) {
        this.jdbc = jdbc;
        this.serializer = new StorableEventSerializer(eventSerializer);
        this.snapshotSerializer = snapshotSerializer;
        this.axon = axon;
    }

    @Override
    public void forEach(Collection<ProductId> products, Consumer<DomainEventMessage<?>> each) {
        read(products, null, each);
    }

    /** Filtered in the query (the other events' payloads never leave the database), under a statement timeout. */
    @Override
    public void forEach(Collection<ProductId> products, Set<Class<?>> types, Duration timeout,
                        Consumer<DomainEventMessage<?>> each) {
        if (products.isEmpty()) {
            return;
        }
        jdbc.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
        read(products, types.stream().map(Class::getName).toArray(String[]::new), each);
    }

    private void read(Collection<ProductId> products, String[] payloadTypes, Consumer<DomainEventMessage<?>> each) {
        if (products.isEmpty()) {
            return;
        }
        String[] ids = products.stream().map(ProductId::toString).toArray(String[]::new);
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM domainevententry WHERE aggregateidentifier = ANY (?) AND type = ?"
                    + (payloadTypes == null ? "" : " AND payloadtype = ANY (?)")
                    + " ORDER BY aggregateidentifier, sequencenumber");
            statement.setArray(1, connection.createArrayOf("varchar", ids));
            statement.setString(2, ProductId.AGGREGATE_TYPE);
            if (payloadTypes != null) statement.setArray(3, connection.createArrayOf("varchar", payloadTypes));
            // in the chunk's transaction the driver streams rows FETCH_SIZE at a time instead of all at once
            statement.setFetchSize(FETCH_SIZE);
            return statement;
        }, (ResultSet rs) -> handOn(rs, serializer, axon.upcasterChain(), each));
    }

    /**
     * Each product's newest snapshot of the revision its aggregate reads ({@code ProductSnapshotter.filter()}:
     * any other it passes over, as loading the aggregate does), then its events after it, the index read from
     * there on; a product without one, every event. One query, streamed, in the caller's transaction. A snapshot
     * that cannot be read is passed over: its product's events are read again, whole, after the others.
     */
    @Override
    public void forEachSinceSnapshot(Collection<ProductId> products, Consumer<DomainEventMessage<?>> each) {
        if (products.isEmpty()) {
            return;
        }
        String[] ids = products.stream().map(ProductId::toString).distinct().toArray(String[]::new);
        Set<String> unreadable = new LinkedHashSet<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("WITH product AS (SELECT unnest(?) AS id),"
                    + " snapshot AS (SELECT s.* FROM product p CROSS JOIN LATERAL (SELECT " + COLUMNS
                    + " FROM snapshotevententry WHERE aggregateidentifier = p.id AND type = ? AND payloadtype = ?"
                    + " AND payloadrevision = ? ORDER BY sequencenumber DESC LIMIT 1) s)"
                    + " SELECT " + COLUMNS + ", true AS snapshot FROM snapshot"
                    + " UNION ALL SELECT " + columnsOf("e") + ", false FROM product p"
                    + " LEFT JOIN snapshot s ON s.aggregateidentifier = p.id"
                    + " JOIN domainevententry e ON e.aggregateidentifier = p.id"
                    + " AND e.sequencenumber > COALESCE(s.sequencenumber, -1)"
                    + " WHERE e.type = ?"
                    // a snapshot has its last event's number, and only later events follow it
                    + " ORDER BY aggregateidentifier, sequencenumber");
            statement.setArray(1, connection.createArrayOf("varchar", ids));
            statement.setString(2, ProductId.AGGREGATE_TYPE);
            statement.setString(3, ProductSnapshot.class.getName());
            statement.setString(4, ProductSnapshot.REVISION);
            statement.setString(5, ProductId.AGGREGATE_TYPE);
            statement.setFetchSize(FETCH_SIZE);
            return statement;
        }, (ResultSet rs) -> {
            String product = rs.getString(2);
            if (unreadable.contains(product)) {
                return;
            }
            if (!rs.getBoolean(10)) {
                handOn(rs, serializer, axon.upcasterChain(), each);
                return;
            }
            DomainEventMessage<?> snapshot;
            try {
                // no upcaster knows a snapshot (a snapshot of another shape is another revision, passed over)
                snapshot = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row(rs)), snapshotSerializer,
                        NoOpEventUpcaster.INSTANCE).next();
                snapshot.getPayload();
            } catch (RuntimeException unreadableSnapshot) {
                log.warn("Snapshot of product {} at {} cannot be read; its whole stream is read instead", product,
                        rs.getLong(3), unreadableSnapshot);
                unreadable.add(product);
                return;
            }
            each.accept(snapshot);
        });
        read(unreadable.stream().map(id -> new ProductId(UUID.fromString(id))).toList(), null, each);
    }

    private static String columnsOf(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static DomainEventData<?> row(ResultSet rs) throws SQLException {
        return new GenericDomainEventEntry<>(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getBytes(9));
    }

    /** One row at a time: the upcasters of product events each turn one event into one. */
    private static void handOn(ResultSet rs, Serializer serializer, EventUpcaster upcasters,
                               Consumer<DomainEventMessage<?>> each) throws SQLException {
        DomainEventStream events = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row(rs)), serializer,
                upcasters);
        while (events.hasNext()) {
            each.accept(events.next());
        }
    }
}
