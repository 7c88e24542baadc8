package dev.calibrate.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductDetails;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The catalog changes of one batch of events, written in a handful of statements instead of a few
 * round trips per event. {@link #flush} reads the current rows of the products the batch concerns,
 * applies the changes to them in event order exactly as one-by-one handling would (an event whose
 * sequence number is not above the product's version is skipped), then writes the results as JDBC
 * batches. Products are split between segments by id, so no other thread writes these rows meanwhile.
 */
final class CatalogBatch {

    /** One product event, with its aggregate sequence number and timestamp. */
    sealed interface Change {
        UUID productId();

        long version();

        Instant at();
    }

    record Created(UUID productId, UUID tenantId, String sku, ProductDetails details, boolean active, long version,
                   Instant at) implements Change {
    }

    record Described(UUID productId, ProductDetails details, long version, Instant at) implements Change {
    }

    record Activated(UUID productId, boolean active, long version, Instant at) implements Change {
    }

    record Priced(UUID productId, Money price, Money compareAt, String source, String eventId, long version,
                  Instant at) implements Change {
    }

    /** The brand floors in one currency set, or cleared ({@code floors} null). */
    record Floored(UUID productId, String currency, BrandFloors floors, long version, Instant at) implements Change {
    }

    /** Only the version moves on (a conflicted price change). */
    record Touched(UUID productId, long version, Instant at) implements Change {
    }

    private static final String VIEWS = """
            SELECT product_id, tenant_id, sku, title, vendor, product_type, tags, cost_amount, cost_currency,
                   CAST(channel_refs AS text) AS channel_refs, active, version, created_at, updated_at,
                   CAST(brand_floors AS text) AS brand_floors
            FROM product_view WHERE product_id = ANY(?)""";
    private static final String PRICES = "SELECT product_id, currency, event_id FROM product_price WHERE product_id = ANY(?)";
    private static final String UPSERT_VIEW = """
            INSERT INTO product_view (product_id, tenant_id, sku, title, vendor, product_type, tags, cost_amount,
                                      cost_currency, channel_refs, active, version, created_at, updated_at,
                                      brand_floors)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, CAST(? AS jsonb))
            ON CONFLICT (product_id) DO UPDATE SET title = EXCLUDED.title, vendor = EXCLUDED.vendor,
                product_type = EXCLUDED.product_type, tags = EXCLUDED.tags, cost_amount = EXCLUDED.cost_amount,
                cost_currency = EXCLUDED.cost_currency, channel_refs = EXCLUDED.channel_refs,
                active = EXCLUDED.active, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
                brand_floors = EXCLUDED.brand_floors
            WHERE product_view.version < EXCLUDED.version""";
    private static final String UPSERT_PRICE = """
            INSERT INTO product_price (product_id, currency, tenant_id, amount, compare_at, source, valid_from, event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (product_id, currency) DO UPDATE SET amount = EXCLUDED.amount,
                compare_at = EXCLUDED.compare_at, source = EXCLUDED.source, valid_from = EXCLUDED.valid_from,
                event_id = EXCLUDED.event_id""";
    private static final String INSERT_HISTORY = """
            INSERT INTO product_price_history (event_id, product_id, currency, tenant_id, amount, compare_at, source,
                                               valid_from, valid_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""";
    private static final String CLOSE_HISTORY = "UPDATE product_price_history SET valid_to = ? WHERE event_id = ?";

    private final List<Change> changes = new ArrayList<>();

    void add(Change change) {
        changes.add(change);
    }

    void flush(JdbcTemplate jdbc, ObjectMapper mapper) {
        if (changes.isEmpty()) {
            return;
        }
        Set<UUID> productIds = new LinkedHashSet<>();
        Set<UUID> pricedIds = new LinkedHashSet<>();
        for (Change change : changes) {
            productIds.add(change.productId());
            if (change instanceof Priced) pricedIds.add(change.productId());
        }
        Map<UUID, View> views = new LinkedHashMap<>();
        jdbc.query(VIEWS, ps -> ps.setArray(1, uuids(ps, productIds)), rs -> {
            View view = View.read(rs);
            views.put(view.productId, view);
        });
        // (product id, currency) -> event id of the current price, i.e. of the open history entry
        Map<List<Object>, String> currentPrice = new LinkedHashMap<>();
        if (!pricedIds.isEmpty()) {
            jdbc.query(PRICES, ps -> ps.setArray(1, uuids(ps, pricedIds)), rs -> {
                currentPrice.put(List.of(rs.getObject("product_id", UUID.class), rs.getString("currency").trim()),
                        rs.getString("event_id"));
            });
        }

        Set<View> touched = new LinkedHashSet<>();
        Map<List<Object>, Priced> newPrices = new LinkedHashMap<>();
        Map<String, HistoryEntry> newHistory = new LinkedHashMap<>();
        Map<String, Instant> closedHistory = new LinkedHashMap<>();
        for (Change change : changes) {
            View view = views.get(change.productId());
            if (change instanceof Created created) {
                if (view == null) {
                    view = new View(created);
                    views.put(view.productId, view);
                    touched.add(view);
                }
                continue;
            }
            if (view == null || view.version >= change.version()) {
                continue;
            }
            if (change instanceof Described described) {
                view.describe(described.details());
            } else if (change instanceof Activated activated) {
                view.active = activated.active();
            } else if (change instanceof Floored floored) {
                view.floor(mapper, floored);
            } else if (change instanceof Priced priced) {
                List<Object> key = List.of(view.productId, priced.price().currency());
                String previous = currentPrice.put(key, priced.eventId());
                if (previous != null) {
                    HistoryEntry inBatch = newHistory.get(previous);
                    if (inBatch != null) inBatch.validTo = priced.at();
                    else closedHistory.put(previous, priced.at());
                }
                newHistory.put(priced.eventId(), new HistoryEntry(priced, view.tenantId));
                newPrices.put(key, priced);
            }
            view.version = change.version();
            view.updatedAt = change.at();
            touched.add(view);
        }

        jdbc.batchUpdate(UPSERT_VIEW, touched, touched.size(), (ps, view) -> view.bind(ps, mapper));
        jdbc.batchUpdate(INSERT_HISTORY, newHistory.values(), newHistory.size(), (ps, entry) -> entry.bind(ps));
        jdbc.batchUpdate(CLOSE_HISTORY, closedHistory.entrySet(), closedHistory.size(), (ps, closed) -> {
            ps.setObject(1, timestamp(closed.getValue()));
            ps.setString(2, closed.getKey());
        });
        jdbc.batchUpdate(UPSERT_PRICE, newPrices.values(), newPrices.size(), (ps, priced) -> {
            ps.setObject(1, priced.productId());
            ps.setString(2, priced.price().currency());
            ps.setObject(3, views.get(priced.productId()).tenantId);
            ps.setBigDecimal(4, priced.price().amount());
            ps.setBigDecimal(5, amount(priced.compareAt()));
            ps.setString(6, priced.source());
            ps.setObject(7, timestamp(priced.at()));
            ps.setString(8, priced.eventId());
        });
    }

    /** A {@code product_view} row. */
    private static final class View {
        final UUID productId;
        final UUID tenantId;
        final String sku;
        final Instant createdAt;
        String title;
        String vendor;
        String productType;
        List<String> tags;
        BigDecimal costAmount;
        String costCurrency;
        /** Kept as JSON text when read, as a map when described in this batch. */
        Object channelRefs;
        boolean active;
        long version;
        Instant updatedAt;
        /** By currency; kept as JSON text (or null) when read, as a map once set in this batch. */
        Object brandFloors;

        View(Created created) {
            this(created.productId(), created.tenantId(), created.sku(), created.at());
            describe(created.details());
            active = created.active();
            version = created.version();
            updatedAt = created.at();
        }

        private View(UUID productId, UUID tenantId, String sku, Instant createdAt) {
            this.productId = productId;
            this.tenantId = tenantId;
            this.sku = sku;
            this.createdAt = createdAt;
        }

        static View read(ResultSet rs) throws SQLException {
            View view = new View(rs.getObject("product_id", UUID.class), rs.getObject("tenant_id", UUID.class),
                    rs.getString("sku"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
            view.title = rs.getString("title");
            view.vendor = rs.getString("vendor");
            view.productType = rs.getString("product_type");
            view.tags = Arrays.asList((String[]) rs.getArray("tags").getArray());
            view.costAmount = rs.getBigDecimal("cost_amount");
            view.costCurrency = rs.getString("cost_currency");
            view.channelRefs = rs.getString("channel_refs");
            view.active = rs.getBoolean("active");
            view.version = rs.getLong("version");
            view.updatedAt = rs.getObject("updated_at", OffsetDateTime.class).toInstant();
            view.brandFloors = rs.getString("brand_floors");
            return view;
        }

        void describe(ProductDetails details) {
            title = details.title();
            vendor = details.vendor();
            productType = details.productType();
            tags = details.tags();
            costAmount = amount(details.cost());
            costCurrency = details.cost() == null ? null : details.cost().currency();
            channelRefs = details.channelRefs();
        }

        void bind(PreparedStatement ps, ObjectMapper mapper) throws SQLException {
            ps.setObject(1, productId);
            ps.setObject(2, tenantId);
            ps.setString(3, sku);
            ps.setString(4, title);
            ps.setString(5, vendor);
            ps.setString(6, productType);
            ps.setArray(7, ps.getConnection().createArrayOf("text", tags.toArray()));
            ps.setBigDecimal(8, costAmount);
            ps.setString(9, costCurrency);
            ps.setString(10, channelRefs instanceof String json ? json : json(mapper, channelRefs));
            ps.setBoolean(11, active);
            ps.setLong(12, version);
            ps.setObject(13, timestamp(createdAt));
            ps.setObject(14, timestamp(updatedAt));
            ps.setString(15, brandFloors == null || brandFloors instanceof String ? (String) brandFloors
                    : ((Map<?, ?>) brandFloors).isEmpty() ? null : json(mapper, brandFloors));
        }

        @SuppressWarnings("unchecked")
        void floor(ObjectMapper mapper, Floored floored) {
            Map<String, BrandFloors> byCurrency;
            if (brandFloors instanceof Map<?, ?> map) {
                byCurrency = (Map<String, BrandFloors>) map;
            } else {
                try {
                    byCurrency = brandFloors == null ? new TreeMap<>()
                            : mapper.readValue((String) brandFloors, new TypeReference<TreeMap<String, BrandFloors>>() { });
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("brand floors of " + productId + " are not readable", e);
                }
            }
            if (floored.floors() == null) byCurrency.remove(floored.currency());
            else byCurrency.put(floored.currency(), floored.floors());
            brandFloors = byCurrency;
        }

        private String json(ObjectMapper mapper, Object value) {
            try {
                return mapper.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("channel refs or brand floors of " + productId + " are not JSON", e);
            }
        }
    }

    /** A {@code product_price_history} row opened in this batch; closed too if a later price followed. */
    private static final class HistoryEntry {
        final Priced price;
        final UUID tenantId;
        Instant validTo;

        HistoryEntry(Priced price, UUID tenantId) {
            this.price = price;
            this.tenantId = tenantId;
        }

        void bind(PreparedStatement ps) throws SQLException {
            ps.setString(1, price.eventId());
            ps.setObject(2, price.productId());
            ps.setString(3, price.price().currency());
            ps.setObject(4, tenantId);
            ps.setBigDecimal(5, price.price().amount());
            ps.setBigDecimal(6, amount(price.compareAt()));
            ps.setString(7, price.source());
            ps.setObject(8, timestamp(price.at()));
            if (validTo == null) ps.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
            else ps.setObject(9, timestamp(validTo));
        }
    }

    private static Array uuids(PreparedStatement ps, Set<UUID> ids) throws SQLException {
        return ps.getConnection().createArrayOf("uuid", ids.toArray());
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }

    private static OffsetDateTime timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
