package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.message.EventTable;
import dev.calibrate.query.consistency.ReadTimedOut;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.anomaly.ProductHistory.CostSet;
import dev.calibrate.query.anomaly.ProductHistory.DriftClosed;
import dev.calibrate.query.anomaly.ProductHistory.DriftOpened;
import dev.calibrate.query.anomaly.ProductHistory.EventRef;
import dev.calibrate.query.anomaly.ProductHistory.Fact;
import dev.calibrate.query.anomaly.ProductHistory.PriceSet;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Reads what the anomaly rules need from the event store, as the request role under the caller's
 * tenant (row-level security hides every other tenant's events and products, like
 * {@code TenantEventStore}): a keyset page of the tenant's products, then, for those products only,
 * their streams newest first through the {@code (aggregateidentifier, sequencenumber)} key.
 * <p>
 * What bounds a request is the rows it reads, not the rows it keeps: of each stream at most the
 * {@link AnomalyLimits#eventsPerProduct() most recent events} of any type are read (their payloads only
 * when they are of a type the rules use and before {@code to}); the products are read a few at a time
 * and the request stops before a batch that could pass its {@link AnomalyLimits#eventBudget() event
 * budget}; every query runs under {@code SET LOCAL statement_timeout}. Each row is deserialized as it
 * arrives and only its {@link Fact} is kept.
 */
@Component
public class ProductHistories {

    private static final String FEATURE = "anomalies";

    private static final List<String> RELEVANT = List.of(ProductCreated.class.getName(),
            ProductDetailsChanged.class.getName(), ProductPriceObserved.class.getName(),
            ProductPriceChanged.class.getName(), ChannelPriceDriftDetected.class.getName(),
            ChannelPriceDriftResolved.class.getName());

    private static final String PRODUCT_PAGE = """
            SELECT product_id FROM product_view
             WHERE tenant_id = ? AND product_id > ?
             ORDER BY product_id LIMIT ?""";

    // the LIMIT is on the rows the index scan reads (every type, every time), so a stream of a million
    // events after `to`, or of other types, still costs the limit; the payload of a row the rules do not
    // use is never fetched. The timestamp is Axon's ISO-8601 text, compared coarsely here (to the second
    // after `to`) and exactly once parsed
    private static final String RECENT_EVENTS = """
            SELECT e.globalindex, e.type, e.aggregateidentifier, e.sequencenumber, e.eventidentifier, e.timestamp,
                   e.payloadtype, e.payloadrevision, e.relevant,
                   CASE WHEN e.relevant THEN e.payload END AS payload,
                   CASE WHEN e.relevant THEN e.metadata END AS metadata
              FROM unnest(?::varchar[]) AS p(id) CROSS JOIN LATERAL (
                SELECT globalindex, type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                       payloadtype, payloadrevision, payload, metadata,
                       (payloadtype = ANY (?) AND timestamp < ?) AS relevant
                  FROM domainevententry
                 WHERE aggregateidentifier = p.id AND tenant_id = ? AND type = ?
                 ORDER BY sequencenumber DESC LIMIT ?) e""";

    private static final Instant LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z");
    private static final String QUERY_CANCELED = "57014";

    private final TenantScope tenantScope;
    private final JdbcTemplate jdbc;
    private final EventTable eventTable;
    private final Serializer eventSerializer;
    private final Configuration axon;

    public ProductHistories(TenantScope tenantScope, JdbcTemplate jdbc, EventTable eventTable,
                            @Qualifier("eventSerializer") Serializer eventSerializer, Configuration axon) {
        this.tenantScope = tenantScope;
        this.jdbc = jdbc;
        this.eventTable = eventTable;
        this.eventSerializer = eventSerializer;
        this.axon = axon;
    }

    /**
     * What a request read: a history for each of the first products asked for, in their order, and
     * whether the event budget ended it before the others ({@code histories} is then shorter).
     *
     * @param withoutEvents the products read whose stream has no event at all (under row-level security,
     *                      another tenant's product is one): no product of the tenant's
     */
    public record Read(List<ProductHistory> histories, boolean budgetSpent, Set<ProductId> withoutEvents) {
    }

    /** Up to {@code size} of the tenant's products in id order after {@code after} (null: from the first). */
    public List<ProductId> page(TenantId tenantId, UUID after, int size) {
        eventTable.requireFor(FEATURE);
        // UUIDs compare in PostgreSQL as unsigned bytes, so the smallest is all zeros
        UUID from = after == null ? new UUID(0, 0) : after;
        List<UUID> ids = tenantScope.read(tenantId, () -> jdbc.queryForList(PRODUCT_PAGE, UUID.class,
                tenantId.value(), from, size));
        return ids.stream().map(ProductId::new).toList();
    }

    /**
     * The histories up to {@code to} of the first of {@code products} that fit {@code limits}' event
     * budget (always at least one), each of its most recent events; a product with no events has an
     * empty one.
     */
    public Read read(TenantId tenantId, List<ProductId> products, Instant to, AnomalyLimits limits) {
        eventTable.requireFor(FEATURE);
        if (products.isEmpty()) {
            return new Read(List.of(), false, Set.of());
        }
        try {
            return tenantScope.read(tenantId, () -> {
                jdbc.execute("SET LOCAL statement_timeout = " + limits.statementTimeout().toMillis());
                List<ProductHistory> histories = new ArrayList<>();
                Set<ProductId> withoutEvents = new HashSet<>();
                int budget = limits.eventBudget();
                while (histories.size() < products.size()) {
                    // a batch whose every stream reads the full limit still fits what is left
                    int batch = Math.min(budget / limits.eventsPerProduct(), products.size() - histories.size());
                    if (batch == 0) {
                        return new Read(histories, true, withoutEvents);
                    }
                    Batch read = readBatch(tenantId, products.subList(histories.size(), histories.size() + batch),
                            to, limits.eventsPerProduct());
                    histories.addAll(read.histories());
                    withoutEvents.addAll(read.withoutEvents());
                    budget -= read.rows();
                }
                return new Read(histories, false, withoutEvents);
            });
        } catch (DataAccessException e) {
            if (e.getMostSpecificCause() instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                throw new ReadTimedOut(ReadTimedOut.Read.ANOMALIES, limits.statementTimeout(), e);
            }
            throw e;
        }
    }

    private record Batch(List<ProductHistory> histories, int rows, Set<ProductId> withoutEvents) {
    }

    /** One product's stream as its rows arrive, newest first: how many were read, the oldest, the facts kept. */
    private static final class StreamRead {
        int rows;
        long oldest = Long.MAX_VALUE;
        final List<Fact> facts = new ArrayList<>();
    }

    private Batch readBatch(TenantId tenantId, List<ProductId> products, Instant to, int eventsPerProduct) {
        String[] ids = products.stream().map(ProductId::toString).toArray(String[]::new);
        String[] types = RELEVANT.toArray(String[]::new);
        // Instant.toString writes a year past 9999 with a leading '+', which sorts before every stored time
        String coarseTo = to.isBefore(LAST_SECOND) ? to.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString()
                : "9999-12-31T23:59:59.999999999Z";
        Map<String, StreamRead> streams = new LinkedHashMap<>();
        for (String id : ids) {
            streams.put(id, new StreamRead());
        }
        int[] rows = {0};
        jdbc.query(RECENT_EVENTS, rs -> {
            rows[0]++;
            StreamRead stream = streams.get(rs.getString("aggregateidentifier"));
            stream.rows++;
            stream.oldest = Math.min(stream.oldest, rs.getLong("sequencenumber"));
            if (!rs.getBoolean("relevant")) {
                return;
            }
            long position = rs.getLong("globalindex");
            DomainEventData<byte[]> row = new GenericDomainEventEntry<>(rs.getString("type"),
                    rs.getString("aggregateidentifier"), rs.getLong("sequencenumber"), rs.getString("eventidentifier"),
                    rs.getString("timestamp"), rs.getString("payloadtype"), rs.getString("payloadrevision"),
                    rs.getBytes("payload"), rs.getBytes("metadata"));
            EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row), eventSerializer, axon.upcasterChain())
                    .asStream().filter(event -> event.getTimestamp().isBefore(to))
                    .forEach(event -> fact(event, position).ifPresent(stream.facts::add));
        }, jdbc.execute((Connection c) -> c.createArrayOf("varchar", ids)),
                jdbc.execute((Connection c) -> c.createArrayOf("varchar", types)), coarseTo,
                tenantId.value(), ProductId.AGGREGATE_TYPE, eventsPerProduct);

        List<ProductHistory> histories = new ArrayList<>();
        Set<ProductId> withoutEvents = new HashSet<>();
        streams.forEach((id, stream) -> {
            stream.facts.sort(Comparator.comparingLong(fact -> fact.ref().sequence()));
            // a stream starts at sequence 0: one read to its limit without reaching it has older events
            boolean partial = stream.rows == eventsPerProduct && stream.oldest > 0;
            ProductId product = new ProductId(UUID.fromString(id));
            histories.add(new ProductHistory(product, stream.facts, partial));
            if (stream.rows == 0) {
                withoutEvents.add(product);
            }
        });
        return new Batch(histories, rows[0], withoutEvents);
    }

    private static Optional<Fact> fact(DomainEventMessage<?> event, long position) {
        EventRef ref = new EventRef(event.getIdentifier(), position, event.getSequenceNumber(),
                event.getPayloadType().getSimpleName(), event.getTimestamp());
        Object payload = event.getPayload();
        if (payload instanceof ProductPriceObserved observed) {
            return Optional.of(new PriceSet(ref, observed.price()));
        }
        if (payload instanceof ProductPriceChanged changed) {
            return Optional.of(new PriceSet(ref, changed.newPrice()));
        }
        if (payload instanceof ProductCreated created) {
            return Optional.of(new CostSet(ref, created.details() == null ? null : created.details().cost()));
        }
        if (payload instanceof ProductDetailsChanged changed) {
            return Optional.of(new CostSet(ref, changed.details() == null ? null : changed.details().cost()));
        }
        if (payload instanceof ChannelPriceDriftDetected drift) {
            return Optional.of(new DriftOpened(ref, drift.channel(), drift.expected(), drift.actual()));
        }
        if (payload instanceof ChannelPriceDriftResolved resolved) {
            return Optional.of(new DriftClosed(ref, resolved.channel()));
        }
        return Optional.empty();
    }
}
