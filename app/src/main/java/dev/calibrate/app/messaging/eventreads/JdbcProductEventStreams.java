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
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
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

    private static final int FETCH_SIZE = 1_000;

    private static final String COLUMNS = "type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,"
            + " payloadtype, payloadrevision, payload, metadata";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Serializer snapshotSerializer;
    private final org.axonframework.config.Configuration axon;

    JdbcProductEventStreams(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer eventSerializer,
                            Serializer snapshotSerializer, @Lazy org.axonframework.config.Configuration axon) {
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
        }, (ResultSet rs) -> handOn(rs, false, each));
    }

    /**
     * Each product's newest snapshot of the revision its aggregate reads ({@code ProductSnapshotter.filter()}:
     * any other it passes over, as loading the aggregate does), then its events after it; a product without one,
     * every event. One query, streamed, in the caller's transaction.
     */
    @Override
    public void forEachSinceSnapshot(Collection<ProductId> products, Consumer<DomainEventMessage<?>> each) {
        if (products.isEmpty()) {
            return;
        }
        String[] ids = products.stream().map(ProductId::toString).toArray(String[]::new);
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("WITH snapshot AS ("
                    + " SELECT DISTINCT ON (aggregateidentifier) " + COLUMNS + " FROM snapshotevententry"
                    + " WHERE aggregateidentifier = ANY (?) AND type = ? AND payloadtype = ? AND payloadrevision = ?"
                    + " ORDER BY aggregateidentifier, sequencenumber DESC)"
                    + " SELECT " + COLUMNS + ", true AS snapshot FROM snapshot"
                    + " UNION ALL SELECT " + columnsOf("e") + ", false FROM domainevententry e"
                    + " LEFT JOIN snapshot s ON s.aggregateidentifier = e.aggregateidentifier"
                    + " WHERE e.aggregateidentifier = ANY (?) AND e.type = ?"
                    + " AND e.sequencenumber > COALESCE(s.sequencenumber, -1)"
                    // a snapshot has its last event's number, and only later events follow it
                    + " ORDER BY aggregateidentifier, sequencenumber");
            statement.setArray(1, connection.createArrayOf("varchar", ids));
            statement.setString(2, ProductId.AGGREGATE_TYPE);
            statement.setString(3, ProductSnapshot.class.getName());
            statement.setString(4, ProductSnapshot.REVISION);
            statement.setArray(5, connection.createArrayOf("varchar", ids));
            statement.setString(6, ProductId.AGGREGATE_TYPE);
            statement.setFetchSize(FETCH_SIZE);
            return statement;
        }, (ResultSet rs) -> handOn(rs, rs.getBoolean(10), each));
    }

    private static String columnsOf(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private void handOn(ResultSet rs, boolean snapshot, Consumer<DomainEventMessage<?>> each) throws java.sql.SQLException {
        DomainEventData<?> row = new GenericDomainEventEntry<>(rs.getString(1), rs.getString(2), rs.getLong(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8),
                rs.getBytes(9));
        // one row at a time: the upcasters of product events each turn one event into one; a snapshot has none
        DomainEventStream events = snapshot
                ? EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row), snapshotSerializer,
                NoOpEventUpcaster.INSTANCE)
                : EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row), serializer, axon.upcasterChain());
        while (events.hasNext()) {
            each.accept(events.next());
        }
    }
}
