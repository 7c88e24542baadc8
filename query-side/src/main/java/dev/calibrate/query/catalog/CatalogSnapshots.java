package dev.calibrate.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.CatalogEntry;
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
import java.time.Instant;
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
                   v.channel_refs->'shopify'->>'productId' AS channel_group, CAST(v.brand_floors AS text) AS brand_floors,
                   p.currency, p.amount, p.compare_at
            """;

    private static final TypeReference<Map<String, BrandFloors>> BRAND_FLOORS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    /** Made once: a reader per call resolves the generic type again. */
    private final ObjectReader brandFloorsReader;

    CatalogSnapshots(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.brandFloorsReader = mapper.readerFor(BRAND_FLOORS);
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
     * {@code pricesSince}, each price row also gets the prices of that currency that held since then
     * (the most recent {@link #MAX_RECENT_PRICES} that differ from the one before), from
     * {@code product_price_history} in the same statement: one snapshot, so they end at exactly the
     * entry's current price and version. The statement is set-based per page: the page's history
     * window in one index scan ({@code product_id = ANY} of the page's ids; older rows are passed over in
     * the index, not read from the table), plus per price the one row that held at its start (one index
     * probe), all sorted after the product's own rows and merged in Java ({@link RecentPrices}). It
     * replaced a per-product {@code LATERAL} (two index scans, a window function and {@code array_agg}
     * for each product), which made a rebuild several times slower (docs/benchmarks.md).
     */
    @QueryHandler
    List<CatalogEntry> handle(FindCatalogEntries query) {
        int limit = Math.max(1, Math.min(query.limit(), MAX_PAGE));
        UUID after = query.after() == null ? null : query.after().value();
        // the first page has no lower bound; a later one's bound is a plain range on the index. One text for
        // both ("? IS NULL OR product_id > ?") let a cached generic plan filter the tenant's products from its
        // first one on every page, so the rebuild grew with the square of the catalog (docs/benchmarks.md)
        String page = "SELECT * FROM product_view WHERE tenant_id = ?" + (after == null ? "" : " AND product_id > ?")
                + " ORDER BY product_id LIMIT ?";
        Object[] pageArguments = after == null ? new Object[] {query.tenantId().value(), limit}
                : new Object[] {query.tenantId().value(), after, limit};
        // each page's prices by their key: a join let the planner hash the page against a scan of every
        // tenant's prices, once per page
        String pagePrice = "SELECT p.* FROM product_price p WHERE p.product_id = ANY (ARRAY(SELECT product_id FROM page))";
        if (query.pricesSince() == null) {
            return read("WITH page AS MATERIALIZED (" + page + "),\n     page_price AS MATERIALIZED (" + pagePrice
                    + ")\n" + COLUMNS + """
                    FROM page v LEFT JOIN page_price p ON p.product_id = v.product_id
                    ORDER BY v.product_id""", pageArguments);
        }
        Timestamp since = Timestamp.from(query.pricesSince());
        Object[] arguments = Arrays.copyOf(pageArguments, pageArguments.length + 2);
        arguments[pageArguments.length] = since;
        arguments[pageArguments.length + 1] = since;
        // a product's own rows have no valid_from and sort first; its history rows follow, each currency's
        // in (valid_from, event_id) order, which is all the merge needs
        return readWith("WITH page AS MATERIALIZED (" + page + "),\n     page_price AS MATERIALIZED (" + pagePrice
                + ")\n" + COLUMNS + """
                       , NULL::timestamptz AS valid_from, NULL::varchar AS event_id
                FROM page v LEFT JOIN page_price p ON p.product_id = v.product_id
                UNION ALL
                SELECT h.product_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                       h.currency, h.amount, NULL, h.valid_from, h.event_id
                FROM product_price_history h
                WHERE h.product_id = ANY (ARRAY(SELECT product_id FROM page)) AND h.valid_from > ?
                UNION ALL
                SELECT p.product_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                       p.currency, held.amount, NULL, held.valid_from, held.event_id
                FROM page_price p CROSS JOIN LATERAL (
                    SELECT h.amount, h.valid_from, h.event_id FROM product_price_history h
                    WHERE h.product_id = p.product_id AND h.currency = p.currency AND h.valid_from <= ?
                    ORDER BY h.valid_from DESC, h.event_id DESC LIMIT 1) held
                ORDER BY product_id, valid_from NULLS FIRST, event_id""", true, arguments);
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
            Timestamp at = withRecentPrices ? rs.getTimestamp("valid_from") : null;
            if (at != null) {
                // a history row, after its product's own rows (see the statement's order)
                current[0].recent(productId, rs.getString("currency").trim(), rs.getBigDecimal("amount"),
                        at.toInstant());
                return;
            }
            if (current[0] == null || !current[0].productId.equals(productId)) {
                if (current[0] != null) entries.add(current[0].build());
                current[0] = new Builder(productId, rs, brandFloors(rs.getString("brand_floors")));
            }
            String currency = rs.getString("currency");
            if (currency != null) {
                currency = currency.trim();
                current[0].prices.put(currency, new Money(rs.getBigDecimal("amount"), currency));
                BigDecimal compareAt = rs.getBigDecimal("compare_at");
                if (compareAt != null) current[0].compareAt.put(currency, new Money(compareAt, currency));
            }
        }, arguments);
        if (current[0] != null) entries.add(current[0].build());
        return entries;
    }

    private Map<String, BrandFloors> brandFloors(String json) {
        if (json == null) return Map.of();
        try {
            return brandFloorsReader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored brand floors are not readable: " + json, e);
        }
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
        final RecentPrices recentPrices = new RecentPrices(MAX_RECENT_PRICES);
        final Map<String, BrandFloors> brandFloors;

        Builder(UUID productId, ResultSet rs, Map<String, BrandFloors> brandFloors) throws SQLException {
            this.brandFloors = brandFloors;
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
                    new HashSet<>(channels), active, cost, prices, compareAt, brandFloors), version, channelGroup,
                    recentPrices.toMap());
        }

        /** The next history row of the product, kept for the currencies it has a price in. */
        void recent(UUID rowProductId, String currency, BigDecimal amount, Instant at) {
            if (!productId.equals(rowProductId)) {
                throw new IllegalStateException("history row of " + rowProductId + " outside its product's rows");
            }
            if (prices.containsKey(currency)) {
                recentPrices.add(currency, amount, at);
            }
        }

        private static List<String> strings(Array array) throws SQLException {
            return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
        }
    }
}
