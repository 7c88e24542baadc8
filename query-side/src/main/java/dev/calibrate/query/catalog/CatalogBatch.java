package dev.calibrate.query.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.BatchedWrites;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductDetails;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The catalog changes of one batch of events, written in a handful of statements instead of a few
 * round trips per event. {@link #flush} reads the current rows of the products the batch concerns,
 * applies the changes to them in event order exactly as one-by-one handling would (an event whose
 * sequence number is not above the product's version is skipped), then writes the results as JDBC
 * batches. Products are split between segments by id, so no other thread writes these rows meanwhile;
 * the tenants' product counts, which segments share, are added last ({@link ProductCounts}).
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

    private static final String PRICES = "SELECT product_id, currency, event_id FROM product_price WHERE product_id = ANY(?)";
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
    /**
     * Closes the batch's previous entries, all in one statement: each ends where its successor begins, the time
     * of the successor's event, sent as the text of the very value its row's {@code valid_from} holds
     * ({@link #microseconds}), so the two are equal without reading the successor's row.
     */
    private static final String CLOSE_HISTORY = """
            UPDATE product_price_history h SET valid_to = c.valid_to
              FROM unnest(?::text[], ?::timestamptz[]) AS c (closed, valid_to)
             WHERE h.event_id = c.closed""";

    private static final String COUNTS = CatalogBatch.class.getName() + ".counts";

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
        Map<UUID, ProductViewRow> views = new LinkedHashMap<>();
        jdbc.query(ProductViewRow.SELECT, ps -> ps.setArray(1, uuids(ps, productIds)), rs -> {
            ProductViewRow view = ProductViewRow.read(rs);
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

        Set<ProductViewRow> touched = new LinkedHashSet<>();
        ProductCounts counts = new ProductCounts();
        Map<List<Object>, Priced> newPrices = new LinkedHashMap<>();
        Map<String, HistoryEntry> newHistory = new LinkedHashMap<>();
        // event id of an entry closed by this batch -> when the entry that follows it begins
        Map<String, String> closedHistory = new LinkedHashMap<>();
        for (Change change : changes) {
            ProductViewRow view = views.get(change.productId());
            if (change instanceof Created created) {
                if (view == null) {
                    view = new ProductViewRow(created);
                    views.put(view.productId, view);
                    touched.add(view);
                    counts.created(view);
                }
                continue;
            }
            if (view == null || view.version >= change.version()) {
                continue;
            }
            if (change instanceof Described described) {
                view.describe(described.details());
            } else if (change instanceof Activated activated) {
                counts.activated(view, activated.active());
                view.active = activated.active();
            } else if (change instanceof Floored floored) {
                view.floor(mapper, floored);
            } else if (change instanceof Priced priced) {
                List<Object> key = List.of(view.productId, priced.price().currency());
                String previous = currentPrice.put(key, priced.eventId());
                if (previous != null) {
                    HistoryEntry inBatch = newHistory.get(previous);
                    if (inBatch != null) inBatch.validTo = priced.at();
                    else closedHistory.put(previous, microseconds(priced.at()));
                }
                newHistory.put(priced.eventId(), new HistoryEntry(priced, view.tenantId));
                newPrices.put(key, priced);
            }
            view.version = change.version();
            view.updatedAt = change.at();
            touched.add(view);
        }

        jdbc.batchUpdate(ProductViewRow.UPSERT, touched, touched.size(), (ps, view) -> view.bind(ps, mapper));
        jdbc.batchUpdate(INSERT_HISTORY, newHistory.values(), newHistory.size(), (ps, entry) -> entry.bind(ps));
        if (!closedHistory.isEmpty()) {
            jdbc.update(CLOSE_HISTORY, ps -> {
                ps.setArray(1, ps.getConnection().createArrayOf("text", closedHistory.keySet().toArray()));
                ps.setArray(2, ps.getConnection().createArrayOf("text", closedHistory.values().toArray()));
            });
        }
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
        // the batch's count rows are written once, after every isolated event's own rows (ProductCounts)
        BatchedWrites.atBatchCommit(COUNTS, ProductCounts::new, all -> all.write(jdbc)).add(counts);
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

    static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }

    static OffsetDateTime timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /**
     * {@code at} as PostgreSQL stores it when the driver sends it as {@link #timestamp} (rounded to the microsecond,
     * half up), as text, which PostgreSQL would round half to even. Event times are stored to the millisecond, so
     * the rounding changes none today; it keeps the two equal for any time.
     */
    static String microseconds(Instant at) {
        Instant rounded = at.truncatedTo(ChronoUnit.MICROS);
        return (at.getNano() % 1_000 >= 500 ? rounded.plusNanos(1_000) : rounded).toString();
    }
}
