package dev.calibrate.query.catalog;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogEntry.PricePoint;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogEntries;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogItems;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The tenant's products with their current prices, in product order, rows folded per product, never
 * the whole catalog at once. Keyset pages of entries ({@link FindCatalogEntries}) rebuild the command
 * side's preview catalog: they keep inactive products, which it must know to reactivate them, with
 * their versions and channel group (as {@link CatalogEntry#channelGroupOf} reads it from the
 * details). A page of a request asks for its own active products only ({@link FindCatalogItems}).
 */
@Component
class CatalogSnapshots {

    /** Pages of entries are at most this long, whatever a caller asks. */
    static final int MAX_PAGE = 10_000;
    /**
     * Recent prices per product and currency at most, each a change from the one before (a price set
     * again at the same amount is dropped before the limit, as {@link PriceMoves#changeLogReturn} counts
     * no change): 250 prices are the 249 past changes a proposed move is judged among.
     */
    static final int MAX_RECENT_PRICES = PriceMoves.MAX_SAMPLE;

    private static final String COLUMNS = """
            SELECT v.product_id, v.sku, v.title, v.vendor, v.product_type, v.tags, v.cost_amount, v.cost_currency,
                   ARRAY(SELECT jsonb_object_keys(v.channel_refs)) AS channels, v.active, v.version,
                   v.channel_refs->'shopify'->>'productId' AS channel_group,
                   p.currency, p.amount, p.compare_at
            """;

    private final JdbcTemplate jdbc;

    CatalogSnapshots(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A page's products only: one keyed query, never the tenant's whole catalog. */
    @QueryHandler
    List<CatalogItem> handle(FindCatalogItems query) {
        if (query.productIds().isEmpty()) {
            return List.of();
        }
        String ids = query.productIds().stream().map(id -> id.value().toString())
                .collect(Collectors.joining(",", "{", "}"));
        return read(COLUMNS + """
                FROM product_view v LEFT JOIN product_price p ON p.product_id = v.product_id
                WHERE v.tenant_id = ? AND v.active AND v.product_id = ANY (CAST(? AS uuid[]))
                ORDER BY v.product_id""", query.tenantId().value(), ids).stream().map(CatalogEntry::item).toList();
    }

    /**
     * Keyset pages over (tenant_id, product_id); the limit counts products, not price rows. With
     * {@code pricesSince}, each price row carries the prices of that currency that held since then
     * (the most recent {@link #MAX_RECENT_PRICES} that differ from the one before), from
     * {@code product_price_history} in the same statement: one snapshot, so they end at exactly the
     * entry's current price and version. The scan reads the window's rows by the (product, currency,
     * valid_from) index plus the one row that held at its start, never a product's older history.
     */
    @QueryHandler
    List<CatalogEntry> handle(FindCatalogEntries query) {
        int limit = Math.max(1, Math.min(query.limit(), MAX_PAGE));
        UUID after = query.after() == null ? null : query.after().value();
        if (query.pricesSince() == null) {
            return read(COLUMNS + """
                    FROM (SELECT * FROM product_view
                          WHERE tenant_id = ? AND (CAST(? AS uuid) IS NULL OR product_id > ?)
                          ORDER BY product_id LIMIT ?) v
                    LEFT JOIN product_price p ON p.product_id = v.product_id
                    ORDER BY v.product_id""", query.tenantId().value(), after, after, limit);
        }
        Timestamp since = Timestamp.from(query.pricesSince());
        return readWith(COLUMNS + ", r.amounts AS recent_amounts, r.valid_froms AS recent_at\n" + """
                FROM (SELECT * FROM product_view
                      WHERE tenant_id = ? AND (CAST(? AS uuid) IS NULL OR product_id > ?)
                      ORDER BY product_id LIMIT ?) v
                LEFT JOIN product_price p ON p.product_id = v.product_id
                LEFT JOIN LATERAL (
                    SELECT array_agg(h.amount ORDER BY h.valid_from, h.event_id) AS amounts,
                           array_agg(h.valid_from ORDER BY h.valid_from, h.event_id) AS valid_froms
                    FROM (SELECT amount, valid_from, event_id
                          FROM (SELECT amount, valid_from, event_id,
                                       lag(amount) OVER (ORDER BY valid_from, event_id) AS previous
                                FROM (SELECT amount, valid_from, event_id FROM product_price_history
                                      WHERE product_id = v.product_id AND currency = p.currency AND valid_from > ?
                                      UNION ALL
                                      (SELECT amount, valid_from, event_id FROM product_price_history
                                       WHERE product_id = v.product_id AND currency = p.currency AND valid_from <= ?
                                       ORDER BY valid_from DESC, event_id DESC LIMIT 1)) held) changed
                          WHERE amount IS DISTINCT FROM previous
                          ORDER BY valid_from DESC, event_id DESC LIMIT ?) h) r ON true
                ORDER BY v.product_id""", true, query.tenantId().value(), after, after, limit, since, since,
                MAX_RECENT_PRICES);
    }

    private List<CatalogEntry> read(String sql, Object... arguments) {
        return readWith(sql, false, arguments);
    }

    /** {@code withRecentPrices}: the statement reads each price row's recent prices too. */
    private List<CatalogEntry> readWith(String sql, boolean withRecentPrices, Object... arguments) {
        List<CatalogEntry> entries = new ArrayList<>();
        Builder[] current = {null};
        jdbc.query(sql, rs -> {
            UUID productId = rs.getObject("product_id", UUID.class);
            if (current[0] == null || !current[0].productId.equals(productId)) {
                if (current[0] != null) entries.add(current[0].build());
                current[0] = new Builder(productId, rs);
            }
            String currency = rs.getString("currency");
            if (currency != null) {
                currency = currency.trim();
                current[0].prices.put(currency, new Money(rs.getBigDecimal("amount"), currency));
                if (withRecentPrices) current[0].recent(currency, rs);
                BigDecimal compareAt = rs.getBigDecimal("compare_at");
                if (compareAt != null) current[0].compareAt.put(currency, new Money(compareAt, currency));
            }
        }, arguments);
        if (current[0] != null) entries.add(current[0].build());
        return entries;
    }

    private static final class Builder {
        final UUID productId;
        final String sku;
        final String title;
        final String vendor;
        final String productType;
        final List<String> tags;
        final Money cost;
        final List<String> channels;
        final boolean active;
        final long version;
        final String channelGroup;
        final Map<String, Money> prices = new HashMap<>();
        final Map<String, Money> compareAt = new HashMap<>();
        final Map<String, List<PricePoint>> recentPrices = new HashMap<>();

        Builder(UUID productId, ResultSet rs) throws SQLException {
            this.productId = productId;
            this.sku = rs.getString("sku");
            this.title = rs.getString("title");
            this.vendor = rs.getString("vendor");
            this.productType = rs.getString("product_type");
            this.tags = strings(rs.getArray("tags"));
            BigDecimal costAmount = rs.getBigDecimal("cost_amount");
            this.cost = costAmount == null ? null : new Money(costAmount, rs.getString("cost_currency").trim());
            this.channels = strings(rs.getArray("channels"));
            this.active = rs.getBoolean("active");
            this.version = rs.getLong("version");
            this.channelGroup = rs.getString("channel_group");
        }

        CatalogEntry build() {
            return new CatalogEntry(new CatalogItem(new ProductId(productId), sku, title, vendor, productType, tags,
                    new HashSet<>(channels), active, cost, prices, compareAt, null), version, channelGroup,
                    recentPrices);
        }

        /** The currency's recent prices, when the statement read them. */
        void recent(String currency, ResultSet rs) throws SQLException {
            Array amounts = rs.getArray("recent_amounts");
            Array at = rs.getArray("recent_at");
            if (amounts == null || at == null) {
                return;
            }
            BigDecimal[] amountValues = (BigDecimal[]) amounts.getArray();
            Timestamp[] atValues = (Timestamp[]) at.getArray();
            List<PricePoint> points = new ArrayList<>(amountValues.length);
            for (int i = 0; i < amountValues.length; i++) {
                points.add(new PricePoint(amountValues[i], atValues[i].toInstant()));
            }
            recentPrices.put(currency, points);
        }

        private static List<String> strings(Array array) throws SQLException {
            return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
        }
    }
}
