package dev.calibrate.query.anomaly;

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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads what the anomaly rules need from the event store, as the request role under the caller's
 * tenant (row-level security hides every other tenant's events and products, like
 * {@code TenantEventStore}): a keyset page of the tenant's products, then, for those products only,
 * the events that set a price or a cost or open or close a drift, up to {@code to}, the most recent
 * {@link #MAX_EVENTS_PER_PRODUCT} of each. A request's work is bounded by its page size times that.
 */
@Component
public class ProductHistories {

    /** A stream longer than this (in relevant events up to {@code to}) is read from its most recent events. */
    public static final int MAX_EVENTS_PER_PRODUCT = 1_000;

    private static final List<String> RELEVANT = List.of(ProductCreated.class.getName(),
            ProductDetailsChanged.class.getName(), ProductPriceObserved.class.getName(),
            ProductPriceChanged.class.getName(), ChannelPriceDriftDetected.class.getName(),
            ChannelPriceDriftResolved.class.getName());

    private static final String PRODUCT_PAGE = """
            SELECT product_id FROM product_view
             WHERE tenant_id = ? AND product_id > ?
             ORDER BY product_id LIMIT ?""";

    // per product, through the stream's (aggregateidentifier, sequencenumber) key, newest first, so a
    // long stream costs at most the limit; the timestamp is Axon's ISO-8601 text, compared coarsely
    // here (to the second after to) and exactly once parsed
    private static final String RECENT_EVENTS = """
            SELECT e.* FROM unnest(?::varchar[]) AS p(id) CROSS JOIN LATERAL (
                SELECT globalindex, type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                       payloadtype, payloadrevision, payload, metadata
                  FROM domainevententry
                 WHERE aggregateidentifier = p.id AND tenant_id = ? AND type = ?
                   AND payloadtype = ANY (?) AND timestamp < ?
                 ORDER BY sequencenumber DESC LIMIT ?) e""";

    private static final Instant LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z");

    private final TenantScope tenantScope;
    private final JdbcTemplate jdbc;
    private final Serializer eventSerializer;
    private final Configuration axon;

    public ProductHistories(TenantScope tenantScope, JdbcTemplate jdbc,
                            @Qualifier("eventSerializer") Serializer eventSerializer, Configuration axon) {
        this.tenantScope = tenantScope;
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        this.axon = axon;
    }

    /** Up to {@code size} of the tenant's products in id order after {@code after} (null: from the first). */
    public List<ProductId> page(TenantId tenantId, UUID after, int size) {
        // UUIDs compare in PostgreSQL as unsigned bytes, so the smallest is all zeros
        UUID from = after == null ? new UUID(0, 0) : after;
        List<UUID> ids = tenantScope.read(tenantId, () -> jdbc.queryForList(PRODUCT_PAGE, UUID.class,
                tenantId.value(), from, size));
        return ids.stream().map(ProductId::new).toList();
    }

    /** Each product's history up to {@code to}, in the order asked; a product with no events has an empty one. */
    public List<ProductHistory> read(TenantId tenantId, List<ProductId> products, Instant to) {
        if (products.isEmpty()) {
            return List.of();
        }
        String[] ids = products.stream().map(ProductId::toString).toArray(String[]::new);
        String[] types = RELEVANT.toArray(String[]::new);
        // Instant.toString writes a year past 9999 with a leading '+', which sorts before every stored time
        String coarseTo = to.isBefore(LAST_SECOND) ? to.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString()
                : "9999-12-31T23:59:59.999999999Z";
        Map<String, Long> positions = new HashMap<>();
        List<DomainEventData<byte[]>> rows = tenantScope.read(tenantId, () -> jdbc.query(RECENT_EVENTS, (rs, row) -> {
            positions.put(rs.getString("eventidentifier"), rs.getLong("globalindex"));
            return new GenericDomainEventEntry<>(rs.getString("type"), rs.getString("aggregateidentifier"),
                    rs.getLong("sequencenumber"), rs.getString("eventidentifier"), rs.getString("timestamp"),
                    rs.getString("payloadtype"), rs.getString("payloadrevision"), rs.getBytes("payload"),
                    rs.getBytes("metadata"));
        }, jdbc.execute((Connection c) -> c.createArrayOf("varchar", ids)), tenantId.value(), ProductId.AGGREGATE_TYPE,
                jdbc.execute((Connection c) -> c.createArrayOf("varchar", types)), coarseTo,
                MAX_EVENTS_PER_PRODUCT + 1));

        Map<String, List<DomainEventMessage<?>>> byProduct = new LinkedHashMap<>();
        for (String id : ids) {
            byProduct.put(id, new ArrayList<>());
        }
        EventStreamUtils.upcastAndDeserializeDomainEvents(rows.stream(), eventSerializer, axon.upcasterChain())
                .asStream().forEach(event -> byProduct.get(event.getAggregateIdentifier()).add(event));

        List<ProductHistory> histories = new ArrayList<>();
        byProduct.forEach((id, events) -> {
            events.sort(Comparator.comparingLong(DomainEventMessage::getSequenceNumber));
            boolean partial = events.size() > MAX_EVENTS_PER_PRODUCT;
            List<Fact> facts = new ArrayList<>();
            for (DomainEventMessage<?> event : partial ? events.subList(1, events.size()) : events) {
                if (event.getTimestamp().isBefore(to)) {
                    fact(event, positions.get(event.getIdentifier())).ifPresent(facts::add);
                }
            }
            histories.add(new ProductHistory(new ProductId(UUID.fromString(id)), facts, partial));
        });
        return histories;
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
