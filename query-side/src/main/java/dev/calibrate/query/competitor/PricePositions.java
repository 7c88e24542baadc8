package dev.calibrate.query.competitor;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.query.catalog.ProductQueries;
import dev.calibrate.query.competitor.CompetitorReadApi.PricePosition;
import dev.calibrate.query.competitor.CompetitorReadApi.PricePositionCounts;
import dev.calibrate.query.competitor.CompetitorReadApi.PricePositionPage;
import dev.calibrate.query.competitor.CompetitorReadApi.ProductPricePosition;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where our price stands among the competing prices: per active product with a price in the
 * currency, the lowest, median and highest fresh in-stock competitor price in that currency (each
 * competitor's latest observation at or before now counts once), the price index and the position,
 * plus counts per position over every product the filters select (not just the page). Runs inside
 * {@link dev.calibrate.kernel.tenant.TenantScope#read} (row-level security keeps the tenant's rows).
 */
@Component
public class PricePositions {

    /** Which products, in which currency (null: the tenant's default), with prices how old, as of when. */
    public record Filter(String tag, String vendor, String currency, Duration maxAge, Instant now) {
    }

    /** A keyset window of positions, and the currency they are in (the tenant's default when none was asked). */
    public record Window(String currency, List<ProductPricePosition> items) {
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * Our price ≤ the lowest is CHEAPEST (also when it equals the highest: matching the only
     * competitor is still the cheapest offer); ≥ the highest is MOST_EXPENSIVE; between is IN_BAND.
     * The competing prices are looked up per product, a lateral join bounded on every column of the
     * index {@code (product_id, currency, observed_at)}: that is what keeps the plan right even before
     * the table has statistics (right after a tenant's first upload), when the tenant-window index
     * would otherwise look cheaper and be scanned once per product (see docs/benchmarks.md).
     */
    private static final String POSITIONED = """
            WITH positioned AS (
                SELECT v.product_id, v.sku, v.title, p.amount AS our_price, fresh.lowest, fresh.highest,
                       fresh.prices, fresh.competitors,
                       CASE WHEN fresh.competitors = 0 THEN 'NO_DATA'
                            WHEN p.amount <= fresh.lowest THEN 'CHEAPEST'
                            WHEN p.amount >= fresh.highest THEN 'MOST_EXPENSIVE'
                            ELSE 'IN_BAND' END AS position
                FROM product_view v JOIN product_price p ON p.product_id = v.product_id AND p.currency = :currency
                CROSS JOIN LATERAL (
                    SELECT min(l.amount) AS lowest, max(l.amount) AS highest, count(*) AS competitors,
                           array_agg(l.amount ORDER BY l.amount) AS prices
                    FROM (SELECT DISTINCT ON (o.competitor_id) o.amount, o.in_stock
                          FROM competitor_observation o
                          WHERE o.product_id = v.product_id AND o.currency = :currency
                            AND o.observed_at <= :now AND o.observed_at >= :oldest
                          ORDER BY o.competitor_id, %s) l
                    WHERE l.in_stock) fresh
                WHERE v.active%s
            )
            """;

    private final NamedParameterJdbcTemplate sql;

    PricePositions(NamedParameterJdbcTemplate sql) {
        this.sql = sql;
    }

    /** {@code filter.currency()} null means the tenant's default currency. */
    PricePositionPage page(Filter filter, Paging paging) {
        String currency = currency(filter);
        MapSqlParameterSource params = params(filter, currency);
        String positioned = positioned(filter, params, "");
        PricePositionCounts summary = counts(positioned, params);
        params.addValue("limit", paging.size()).addValue("offset", paging.offset());
        List<ProductPricePosition> items = sql.query(positioned
                + "SELECT * FROM positioned ORDER BY sku, product_id LIMIT :limit OFFSET :offset", params,
                (rs, n) -> row(rs, currency));
        long total = summary.cheapest() + summary.inBand() + summary.mostExpensive() + summary.noData();
        return new PricePositionPage(items, paging.page(), paging.size(), total, currency, filter.maxAge().toHours(),
                filter.now(), summary);
    }

    /**
     * Up to {@code limit} positions in {@link #page}'s order (SKU, then product id): the first ones after
     * {@code after}, or with {@code fromEnd} the last ones before {@code before}; either bound may be null.
     * {@link #page}'s rows by keyset instead of offset, for GraphQL's cursors.
     */
    public Window window(Filter filter, ProductQueries.SkuPosition after, ProductQueries.SkuPosition before,
                         int limit, boolean fromEnd) {
        String currency = currency(filter);
        MapSqlParameterSource params = params(filter, currency).addValue("limit", limit);
        StringBuilder keyset = new StringBuilder();
        if (after != null) {
            keyset.append(" AND (v.sku, v.product_id) > (:afterSku, :afterId)");
            params.addValue("afterSku", after.sku()).addValue("afterId", after.id());
        }
        if (before != null) {
            keyset.append(" AND (v.sku, v.product_id) < (:beforeSku, :beforeId)");
            params.addValue("beforeSku", before.sku()).addValue("beforeId", before.id());
        }
        String direction = fromEnd ? " DESC" : "";
        List<ProductPricePosition> items = new ArrayList<>(sql.query(positioned(filter, params, keyset.toString())
                + "SELECT * FROM positioned ORDER BY sku" + direction + ", product_id" + direction + " LIMIT :limit",
                params, (rs, n) -> row(rs, currency)));
        if (fromEnd) {
            Collections.reverse(items);
        }
        return new Window(currency, items);
    }

    /** How many of the products {@code filter} selects hold each position: {@link #page}'s summary. */
    public PricePositionCounts summary(Filter filter) {
        MapSqlParameterSource params = params(filter, currency(filter));
        return counts(positioned(filter, params, ""), params);
    }

    /**
     * The positions of {@code ids} (a page of products asks at once) in one statement: a product that is not
     * active, has no price in the currency or is not the tenant's has none.
     */
    public Map<UUID, ProductPricePosition> ofProducts(Collection<UUID> ids, Filter filter) {
        Map<UUID, ProductPricePosition> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        String currency = currency(filter);
        MapSqlParameterSource params = params(filter, currency).addValue("ids", ids);
        sql.query(positioned(filter, params, " AND v.product_id IN (:ids)") + "SELECT * FROM positioned", params,
                rs -> {
                    ProductPricePosition row = row(rs, currency);
                    found.put(row.productId(), row);
                });
        return found;
    }

    private String currency(Filter filter) {
        return filter.currency() != null ? filter.currency() : defaultCurrency();
    }

    private static MapSqlParameterSource params(Filter filter, String currency) {
        return new MapSqlParameterSource()
                .addValue("currency", currency)
                .addValue("now", CompetitorQueries.utc(filter.now()))
                .addValue("oldest", CompetitorQueries.utc(filter.now().minus(filter.maxAge())));
    }

    /** The {@code positioned} CTE for the filter's products, narrowed further by {@code and}. */
    private static String positioned(Filter filter, MapSqlParameterSource params, String and) {
        StringBuilder where = new StringBuilder();
        if (filter.tag() != null) {
            where.append(" AND v.tags @> ARRAY[CAST(:tag AS text)]");
            params.addValue("tag", filter.tag());
        }
        if (filter.vendor() != null) {
            where.append(" AND v.vendor = :vendor");
            params.addValue("vendor", filter.vendor());
        }
        return POSITIONED.formatted(CompetitorLookups.LATEST_ORDER, where + and);
    }

    private PricePositionCounts counts(String positioned, MapSqlParameterSource params) {
        Map<PricePosition, Long> counts = new EnumMap<>(PricePosition.class);
        sql.query(positioned + "SELECT position, count(*) AS n FROM positioned GROUP BY position", params,
                rs -> {
                    counts.put(PricePosition.valueOf(rs.getString("position")), rs.getLong("n"));
                });
        return new PricePositionCounts(counts.getOrDefault(PricePosition.CHEAPEST, 0L),
                counts.getOrDefault(PricePosition.IN_BAND, 0L), counts.getOrDefault(PricePosition.MOST_EXPENSIVE, 0L),
                counts.getOrDefault(PricePosition.NO_DATA, 0L));
    }

    private static ProductPricePosition row(ResultSet rs, String currency) throws SQLException {
        BigDecimal ours = rs.getBigDecimal("our_price");
        BigDecimal median = median(rs.getArray("prices"));
        return new ProductPricePosition(rs.getObject("product_id", UUID.class), rs.getString("sku"),
                rs.getString("title"), currency, CompetitorQueries.money(ours, currency),
                CompetitorQueries.money(rs.getBigDecimal("lowest"), currency),
                // shown at the currency's scale (half-even); the index uses the exact median
                median == null ? null : CompetitorQueries.money(
                        median.setScale(Money.minorUnits(currency), RoundingMode.HALF_EVEN), currency),
                CompetitorQueries.money(rs.getBigDecimal("highest"), currency),
                rs.getInt("competitors"),
                median == null ? null
                        : ours.multiply(HUNDRED).divide(median, 2, RoundingMode.HALF_EVEN).toPlainString(),
                PricePosition.valueOf(rs.getString("position")));
    }

    /** The tenant's (row-level security shows only its row); a tenant created a moment ago may not be there yet. */
    private String defaultCurrency() {
        List<String> found = sql.queryForList("SELECT default_currency FROM tenant_view", Map.of(), String.class);
        if (found.isEmpty()) {
            throw new InvalidInput("currency", "is required: the tenant's default currency is not known yet");
        }
        return found.get(0).trim();
    }

    /** The middle price, or the mean of the two middle ones, unrounded (the index is computed from it). */
    static BigDecimal median(Array prices) throws SQLException {
        if (prices == null) {
            return null;
        }
        List<BigDecimal> sorted = Arrays.asList((BigDecimal[]) prices.getArray());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2));
    }
}
