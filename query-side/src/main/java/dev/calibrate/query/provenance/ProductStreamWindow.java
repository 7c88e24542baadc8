package dev.calibrate.query.provenance;

import dev.calibrate.kernel.message.EventTable;
import dev.calibrate.query.consistency.ReadTimedOut;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A product's stream read backwards from an instant, a page at a time, as the request role under the
 * caller's tenant (row-level security hides every other tenant's events, like {@code TenantEventStore}):
 * a price's provenance lies in the newest events before the instant, so a product with a huge history
 * costs only the pages back to what is looked for.
 * <p>
 * What bounds a read is the rows the index scan reads, not the rows kept: the instant is tested in the
 * SELECT list, not the WHERE clause (there PostgreSQL would walk the index past every event after the
 * instant, however many, to fill a page), so every row scanned counts against {@link #MAX_EVENTS}, events
 * after the instant included, and the payload of a row after the instant is never fetched. Every query
 * runs under {@code SET LOCAL statement_timeout} ({@link ReadTimedOut} when it passes).
 * Each event comes with its global position in the event store.
 */
@Component
public class ProductStreamWindow {

    private static final String FEATURE = "product history, price-at and provenance";

    /** Rows one query reads, through the {@code (aggregateidentifier, sequencenumber)} key. */
    static final int PAGE = 200;
    /**
     * The most rows one provenance reads, events after the instant asked for included; a price set
     * further back than this is not traced.
     */
    public static final int MAX_EVENTS = 5_000;

    // the LIMIT is on the rows the index scan reads (every time), so a stream of a million events after
    // `at` costs a page per query, not the million; the payload of a row after `at` is never fetched.
    // The timestamp is Axon's ISO-8601 text: compared coarsely here (to the second after `at`) and
    // exactly once parsed, as the anomaly reads do
    private static final String PAGE_BEFORE = """
            SELECT globalindex, type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                   payloadtype, payloadrevision, in_range,
                   CASE WHEN in_range THEN payload END AS payload,
                   CASE WHEN in_range THEN metadata END AS metadata
              FROM (SELECT globalindex, type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                           payloadtype, payloadrevision, payload, metadata, (timestamp < ?) AS in_range
                      FROM domainevententry
                     WHERE aggregateidentifier = ? AND tenant_id = ? AND type = ? AND sequencenumber < ?
                     ORDER BY sequencenumber DESC LIMIT ?) e""";
    private static final String QUERY_CANCELED = "57014";
    private static final String FIRST_EVENT_TIME = """
            SELECT timestamp FROM domainevententry
             WHERE aggregateidentifier = ? AND tenant_id = ? AND type = ?
             ORDER BY sequencenumber LIMIT 1""";
    private static final String LAST_SECOND = "9999-12-31T23:59:59.999999999Z";
    /** Instant.toString writes a later year with a leading '+', which sorts before every stored time. */
    private static final Instant LATEST_WRITTEN_PLAIN = Instant.parse("9999-12-31T23:59:58Z");

    private final TenantScope tenantScope;
    private final JdbcTemplate jdbc;
    private final EventTable eventTable;
    private final Serializer eventSerializer;
    private final Configuration axon;
    private final Duration statementTimeout;

    public ProductStreamWindow(TenantScope tenantScope, JdbcTemplate jdbc, EventTable eventTable,
                               @Qualifier("eventSerializer") Serializer eventSerializer, Configuration axon,
                               @Value("${calibrate.provenance.statement-timeout:2s}") Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
        this.tenantScope = tenantScope;
        this.jdbc = jdbc;
        this.eventTable = eventTable;
        this.eventSerializer = eventSerializer;
        this.axon = axon;
    }

    /** A stored event with its global position. */
    public record PositionedEvent(long position, DomainEventMessage<?> message) {
    }

    /**
     * The product's events at or before {@code at} (null: all), newest first, read until {@code enough}
     * holds for those read so far (oldest last), the stream's first event was read, or {@link #MAX_EVENTS}
     * rows were (those after {@code at} count); {@code complete} says whether the read reached the stream's
     * first event, {@code scanned} how many rows it read.
     */
    public record Window(List<PositionedEvent> newestFirst, boolean complete, int scanned) {
    }

    public Window read(TenantId tenantId, ProductId productId, Instant at, Predicate<List<PositionedEvent>> enough) {
        eventTable.requireFor(FEATURE);
        String coarseTo = at == null || at.isAfter(LATEST_WRITTEN_PLAIN) ? LAST_SECOND
                : at.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString();
        try {
            return tenantScope.read(tenantId, () -> {
                jdbc.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
                List<PositionedEvent> read = new ArrayList<>();
                long before = Long.MAX_VALUE;
                int rows = 0;
                while (rows < MAX_EVENTS) {
                    List<Row> page = jdbc.query(PAGE_BEFORE, (rs, n) -> new Row(rs.getLong("globalindex"),
                                    rs.getBoolean("in_range"),
                                    new GenericDomainEventEntry<>(rs.getString("type"),
                                            rs.getString("aggregateidentifier"), rs.getLong("sequencenumber"),
                                            rs.getString("eventidentifier"), rs.getString("timestamp"),
                                            rs.getString("payloadtype"), rs.getString("payloadrevision"),
                                            rs.getBytes("payload"), rs.getBytes("metadata"))),
                            coarseTo, productId.toString(), tenantId.value(), ProductId.AGGREGATE_TYPE, before,
                            Math.min(PAGE, MAX_EVENTS - rows));
                    rows += page.size();
                    for (Row row : page) {
                        before = row.entry().getSequenceNumber();
                        if (row.inRange()) {
                            deserialized(row).filter(event -> at == null || !event.message().getTimestamp().isAfter(at))
                                    .ifPresent(read::add);
                        }
                    }
                    if (before == 0 || page.size() < PAGE) {
                        return new Window(read, true, rows);
                    }
                    if (enough.test(read)) {
                        return new Window(read, false, rows);
                    }
                }
                return new Window(read, false, rows);
            });
        } catch (DataAccessException e) {
            if (e.getMostSpecificCause() instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                throw new ReadTimedOut(ReadTimedOut.Read.PROVENANCE, statementTimeout, e);
            }
            throw e;
        }
    }

    /** When the product's first event was stored; empty when the tenant has no such product. */
    public Optional<Instant> firstEventTime(TenantId tenantId, ProductId productId) {
        eventTable.requireFor(FEATURE);
        List<String> found = tenantScope.read(tenantId, () -> jdbc.queryForList(FIRST_EVENT_TIME, String.class,
                productId.toString(), tenantId.value(), ProductId.AGGREGATE_TYPE));
        return found.stream().findFirst().map(Instant::parse);
    }

    private record Row(long position, boolean inRange, DomainEventData<byte[]> entry) {
    }

    private Optional<PositionedEvent> deserialized(Row row) {
        return EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row.entry()), eventSerializer,
                        axon.upcasterChain()).asStream().findFirst()
                .map(message -> new PositionedEvent(row.position(), message));
    }
}
