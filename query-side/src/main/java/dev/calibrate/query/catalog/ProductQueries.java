package dev.calibrate.query.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.query.catalog.ProductReadApi.ProductBrandFloors;
import dev.calibrate.query.catalog.ProductReadApi.ProductDetail;
import dev.calibrate.query.catalog.ProductReadApi.ProductPage;
import dev.calibrate.query.catalog.ProductReadApi.ProductPrice;
import dev.calibrate.query.catalog.ProductReadApi.ProductPriceHistoryEntry;
import dev.calibrate.query.catalog.ProductReadApi.ProductSummary;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Catalog reads. Run inside {@link dev.calibrate.kernel.tenant.TenantScope#read}: row-level security
 * limits every statement here to the caller's tenant; only the count's names it too, as the one row it reads.
 */
@Component
public class ProductQueries {

    /** Filters of the product list; null means "any". */
    public record Filter(String sku, String tag, String vendor, String q, Boolean active) {
    }

    /** A search counts its matches up to this many; past it the page says "more than". */
    public static final long SEARCH_COUNT_LIMIT = 10_000;
    /**
     * A product read carries at most this many of the newest price history entries in each currency: a product
     * priced many thousand times must not make one read hold them all (older ones: GraphQL's Product.priceHistory).
     */
    public static final int HISTORY_PER_CURRENCY = 500;

    private static final String PRODUCT_COLUMNS = "product_id, sku, title, vendor, product_type, tags, cost_amount, "
            + "cost_currency, CAST(channel_refs AS text) AS channel_refs, active, version, created_at, updated_at";
    private static final String PRICE_COLUMNS = "product_id, currency, amount, compare_at, source, valid_from";

    private final NamedParameterJdbcTemplate sql;
    private final ProductRows rows;
    private final BrandFloorReads floors;

    ProductQueries(NamedParameterJdbcTemplate sql, ObjectMapper mapper, BrandFloorReads floors) {
        this.sql = sql;
        this.rows = new ProductRows(mapper);
        this.floors = floors;
    }

    /**
     * A page of products in a stable order (SKU, then id), each with its current prices. The total is
     * exact without {@code q}: without a SKU, tag or vendor it is the tenant's kept count, and those
     * filters count through indexes. With {@code q} it counts no
     * further than {@link #SEARCH_COUNT_LIMIT}: a broad term matches much of the catalog, and each match
     * is a row to read again.
     */
    public ProductPage list(Filter filter, Paging paging) {
        if (filter.q() != null) {
            return search(filter, paging);
        }
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (filter.sku() != null) {
            where.append(" AND sku = :sku");
            params.addValue("sku", filter.sku());
        }
        if (filter.tag() != null) {
            where.append(" AND tags @> ARRAY[CAST(:tag AS text)]");
            params.addValue("tag", filter.tag());
        }
        if (filter.vendor() != null) {
            where.append(" AND vendor = :vendor");
            params.addValue("vendor", filter.vendor());
        }
        if (filter.active() != null) {
            where.append(" AND active = :active");
            params.addValue("active", filter.active());
        }
        long total = filter.sku() == null && filter.tag() == null && filter.vendor() == null
                ? counted(filter.active())
                : sql.queryForObject("SELECT count(*) FROM product_view" + where, params, Long.class);
        params.addValue("limit", paging.size()).addValue("offset", paging.offset());
        List<ProductSummary> products = sql.query("SELECT " + PRODUCT_COLUMNS + " FROM product_view" + where
                + " ORDER BY sku, product_id LIMIT :limit OFFSET :offset", params, (rs, n) -> rows.product(rs));
        return new ProductPage(withPrices(products), paging.page(), paging.size(), total, true);
    }

    /** The tenant's products, all or the (in)active ones, as the catalog projection counts them (V56). */
    private long counted(Boolean active) {
        List<long[]> counts = sql.query("SELECT products, active_products FROM product_count"
                        + " WHERE tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid", Map.of(),
                (rs, n) -> new long[]{rs.getLong("products"), rs.getLong("active_products")});
        if (counts.isEmpty()) return 0;
        long[] count = counts.get(0);
        if (active == null) return count[0];
        return active ? count[1] : count[0] - count[1];
    }

    /**
     * {@code q} through the trigram indexes: the database function {@code product_search_page}
     * (migration V23) finds the page's ids and counts the matches as the worker, limited to the tenant
     * this transaction names, because row-level security keeps ILIKE from using an index as the request
     * role. The rows themselves are read here as usual, through row-level security.
     */
    private ProductPage search(Filter filter, Paging paging) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("pattern", "%" + filter.q().replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%")
                .addValue("sku", filter.sku()).addValue("tag", filter.tag()).addValue("vendor", filter.vendor())
                .addValue("active", filter.active())
                .addValue("limit", paging.size()).addValue("offset", paging.offset())
                .addValue("countLimit", SEARCH_COUNT_LIMIT + 1);
        String arguments = "CAST(:pattern AS text), CAST(:sku AS text), CAST(:tag AS text), CAST(:vendor AS text), "
                + "CAST(:active AS boolean)";
        List<UUID> ids = new ArrayList<>();
        long[] matches = {0};
        sql.query("SELECT product_id, matches FROM product_search_page(" + arguments
                + ", :limit, CAST(:offset AS integer), CAST(:countLimit AS integer))", params, rs -> {
                    ids.add(rs.getObject("product_id", UUID.class));
                    matches[0] = rs.getLong("matches");
                });
        if (ids.isEmpty()) {
            // a page past the last match has no row to carry the count
            Long counted = sql.queryForObject("SELECT product_search_count(" + arguments
                    + ", CAST(:countLimit AS integer))", params, Long.class);
            matches[0] = counted == null ? 0 : counted;
        }
        List<ProductSummary> products = ids.isEmpty() ? List.of() : sql.query("SELECT " + PRODUCT_COLUMNS
                + " FROM product_view WHERE product_id IN (:ids) ORDER BY sku, product_id", Map.of("ids", ids),
                (rs, n) -> rows.product(rs));
        return new ProductPage(withPrices(products), paging.page(), paging.size(),
                Math.min(matches[0], SEARCH_COUNT_LIMIT), matches[0] <= SEARCH_COUNT_LIMIT);
    }

    /** A product's place in SKU order: where a keyset window starts or ends. */
    public record SkuPosition(String sku, UUID id) {
    }

    /**
     * Up to {@code limit} products in SKU order (SKU, then id), each with its current prices: the first
     * ones after {@code after}, or with {@code fromEnd} the last ones before {@code before}; either bound
     * may be null. A keyset instead of an offset, so walking the whole catalog reads each row once and a
     * product added meanwhile neither repeats nor hides another. {@code q} matches title or SKU here
     * directly (not through {@code product_search_page}, which pages by offset).
     */
    public List<ProductSummary> window(Filter filter, SkuPosition after, SkuPosition before, int limit,
                                       boolean fromEnd) {
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (filter.q() != null) {
            where.append(" AND (title ILIKE :pattern OR sku ILIKE :pattern)");
            params.addValue("pattern", "%" + filter.q().replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
        }
        if (filter.sku() != null) {
            where.append(" AND sku = :sku");
            params.addValue("sku", filter.sku());
        }
        if (filter.tag() != null) {
            where.append(" AND tags @> ARRAY[CAST(:tag AS text)]");
            params.addValue("tag", filter.tag());
        }
        if (filter.vendor() != null) {
            where.append(" AND vendor = :vendor");
            params.addValue("vendor", filter.vendor());
        }
        if (filter.active() != null) {
            where.append(" AND active = :active");
            params.addValue("active", filter.active());
        }
        if (after != null) {
            where.append(" AND (sku, product_id) > (:afterSku, :afterId)");
            params.addValue("afterSku", after.sku()).addValue("afterId", after.id());
        }
        if (before != null) {
            where.append(" AND (sku, product_id) < (:beforeSku, :beforeId)");
            params.addValue("beforeSku", before.sku()).addValue("beforeId", before.id());
        }
        String direction = fromEnd ? " DESC" : "";
        params.addValue("limit", limit);
        List<ProductSummary> products = new ArrayList<>(sql.query("SELECT " + PRODUCT_COLUMNS + " FROM product_view"
                + where + " ORDER BY sku" + direction + ", product_id" + direction + " LIMIT :limit", params,
                (rs, n) -> rows.product(rs)));
        if (fromEnd) {
            Collections.reverse(products);
        }
        return withPrices(products);
    }

    private List<ProductSummary> withPrices(List<ProductSummary> products) {
        Map<UUID, List<ProductPrice>> pricesById = new HashMap<>();
        if (!products.isEmpty()) {
            sql.query("SELECT " + PRICE_COLUMNS + " FROM product_price WHERE product_id IN (:ids) ORDER BY currency",
                    Map.of("ids", products.stream().map(ProductSummary::id).toList()),
                    rs -> {
                        pricesById.computeIfAbsent(rs.getObject("product_id", UUID.class), id -> new ArrayList<>())
                                .add(ProductRows.price(rs));
                    });
        }
        return products.stream()
                .map(product -> product.withPrices(pricesById.getOrDefault(product.id(), List.of()))).toList();
    }

    /**
     * The products of {@code ids} the tenant holds, each with its current prices and without its price history
     * (two statements however many ids): what a GraphQL {@code product(id)} needs, where {@link #get} would
     * read every history row for a field that pages its history itself. An id not found is missing.
     */
    public Map<UUID, ProductSummary> summaries(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<ProductSummary> products = sql.query("SELECT " + PRODUCT_COLUMNS
                + " FROM product_view WHERE product_id IN (:ids)", Map.of("ids", ids), (rs, n) -> rows.product(rs));
        Map<UUID, ProductSummary> byId = new HashMap<>();
        withPrices(products).forEach(product -> byId.put(product.id(), product));
        return byId;
    }

    /** One product with its current prices and the newest of its price history, in two statements. */
    public ProductDetail get(ProductId id) {
        Map<String, Object> params = Map.of("id", id.value());
        // the product's floors in the same statement as the product: one round trip fewer on every product read
        List<ProductBrandFloors> productFloors = new ArrayList<>();
        ProductSummary product = sql.query("SELECT " + PRODUCT_COLUMNS
                + ", CAST(brand_floors AS text) AS brand_floors FROM product_view WHERE product_id = :id", params,
                (rs, n) -> {
                    productFloors.addAll(floors.parse(rs.getString("brand_floors")));
                    return rows.product(rs);
                }).stream().findFirst().orElseThrow(() -> new ProductNotFound());
        // its current price in each currency, and the newest HISTORY_PER_CURRENCY + 1 history entries of each (the
        // extra one says whether older ones exist) through the (product, currency, valid_from) index, in one
        // statement: product_price names every currency the product was ever priced in, each row of it carried
        // once per history entry of its currency
        Map<String, Object> windowed = Map.of("id", id.value(), "window", HISTORY_PER_CURRENCY + 1);
        Map<String, ProductPrice> prices = new TreeMap<>();
        Map<String, List<ProductPriceHistoryEntry>> newestFirst = new TreeMap<>();
        sql.query("SELECT c.currency, c.amount, c.compare_at, c.source, c.valid_from, h.amount AS h_amount,"
                + " h.compare_at AS h_compare_at, h.source AS h_source, h.valid_from AS h_valid_from,"
                + " h.valid_to AS h_valid_to FROM product_price c LEFT JOIN LATERAL (SELECT amount, compare_at, source,"
                + " valid_from, valid_to, event_id FROM product_price_history h WHERE h.product_id = c.product_id"
                + " AND h.currency = c.currency ORDER BY h.valid_from DESC, h.event_id DESC LIMIT :window) h ON true"
                + " WHERE c.product_id = :id", windowed, (RowCallbackHandler) rs -> {
                    String currency = rs.getString("currency");
                    if (!prices.containsKey(currency)) {
                        prices.put(currency, ProductRows.price(rs));
                    }
                    List<ProductPriceHistoryEntry> entries = newestFirst.computeIfAbsent(currency, c -> new ArrayList<>());
                    if (rs.getObject("h_valid_from") != null) {
                        entries.add(new ProductPriceHistoryEntry(currency,
                                ProductRows.money(rs.getBigDecimal("h_amount"), currency),
                                ProductRows.money(rs.getBigDecimal("h_compare_at"), currency),
                                rs.getString("h_source"), ProductRows.instant(rs, "h_valid_from"),
                                ProductRows.instant(rs, "h_valid_to")));
                    }
                });
        List<String> truncated = new ArrayList<>();
        List<ProductPriceHistoryEntry> history = new ArrayList<>();
        newestFirst.forEach((currency, entries) -> {
            List<ProductPriceHistoryEntry> oldestFirst = new ArrayList<>(
                    entries.subList(0, Math.min(entries.size(), HISTORY_PER_CURRENCY)));
            if (entries.size() > HISTORY_PER_CURRENCY) {
                truncated.add(currency);
            }
            Collections.reverse(oldestFirst);
            history.addAll(oldestFirst);
        });
        return ProductDetail.of(product.withPrices(List.copyOf(prices.values())), history, List.copyOf(truncated),
                List.copyOf(productFloors));
    }

    /**
     * One product with its current prices and channel links, without its price history: what a caller
     * needs of the live product without reading every price it ever had. Empty when the tenant has none.
     */
    public Optional<ProductSummary> summary(ProductId id) {
        return Optional.ofNullable(summaries(List.of(id.value())).get(id.value()));
    }
}
