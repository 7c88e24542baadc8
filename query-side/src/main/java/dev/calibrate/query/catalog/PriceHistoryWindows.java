package dev.calibrate.query.catalog;

import dev.calibrate.query.catalog.ProductReadApi.ProductPriceHistoryEntry;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.query.catalog.ProductRows.instant;
import static dev.calibrate.query.catalog.ProductRows.money;

/**
 * Pages of products' price histories, many products in one statement: what GraphQL's
 * {@code Product.priceHistory} connection reads, a keyset window per product. Run inside
 * {@link dev.calibrate.kernel.tenant.TenantScope#read}, like {@link ProductQueries}.
 */
@Component
public class PriceHistoryWindows {

    private final NamedParameterJdbcTemplate sql;

    PriceHistoryWindows(NamedParameterJdbcTemplate sql) {
        this.sql = sql;
    }

    /** Where a page of price history starts or an entry stands: (currency, validFrom, entryId) order. */
    public record HistoryPosition(String currency, Instant validFrom, String entryId) {
    }

    /** A price history entry and its position, which a cursor carries. */
    public record PositionedHistoryEntry(HistoryPosition position, ProductPriceHistoryEntry entry) {
    }

    /**
     * Up to {@code limit} price history entries of each of {@code products} in {@link ProductQueries#get}'s order
     * (currency, then oldest first; the entry id breaks a tie), after {@code after} and before {@code before}
     * when given (the first ones of that range, or with {@code fromEnd} the last ones, still answered in that
     * order), in {@code currency} only when given, in one statement: a keyset per product through the history's
     * (product, currency, valid_from) index, so a page reads its rows and not the whole history. A product
     * with no such entries (or none of the tenant's) is missing from the answer.
     */
    public Map<UUID, List<PositionedHistoryEntry>> windows(Collection<UUID> products, String currency,
                                                            HistoryPosition after, HistoryPosition before,
                                                            int limit, boolean fromEnd) {
        Map<UUID, List<PositionedHistoryEntry>> byProduct = new HashMap<>();
        if (products.isEmpty() || limit <= 0) {
            return byProduct;
        }
        StringBuilder where = new StringBuilder("h.product_id = p.product_id");
        MapSqlParameterSource params = new MapSqlParameterSource("ids", products).addValue("limit", limit);
        if (currency != null) {
            where.append(" AND h.currency = CAST(:currency AS char(3))");
            params.addValue("currency", currency);
        }
        if (after != null) {
            where.append(" AND (h.currency, h.valid_from, h.event_id)"
                    + " > (CAST(:afterCurrency AS char(3)), :afterFrom, :afterEntry)");
            params.addValue("afterCurrency", after.currency())
                    .addValue("afterFrom", after.validFrom().atOffset(ZoneOffset.UTC))
                    .addValue("afterEntry", after.entryId());
        }
        if (before != null) {
            where.append(" AND (h.currency, h.valid_from, h.event_id)"
                    + " < (CAST(:beforeCurrency AS char(3)), :beforeFrom, :beforeEntry)");
            params.addValue("beforeCurrency", before.currency())
                    .addValue("beforeFrom", before.validFrom().atOffset(ZoneOffset.UTC))
                    .addValue("beforeEntry", before.entryId());
        }
        String direction = fromEnd ? " DESC" : "";
        sql.query("SELECT p.product_id, h.event_id, h.currency, h.amount, h.compare_at, h.source, h.valid_from,"
                + " h.valid_to FROM product_view p CROSS JOIN LATERAL (SELECT event_id, currency, amount, compare_at,"
                + " source, valid_from, valid_to FROM product_price_history h WHERE " + where
                + " ORDER BY h.currency" + direction + ", h.valid_from" + direction + ", h.event_id" + direction
                + " LIMIT :limit) h WHERE p.product_id IN (:ids)"
                + " ORDER BY p.product_id, h.currency, h.valid_from, h.event_id", params, rs -> {
                    String entryCurrency = rs.getString("currency");
                    Instant validFrom = instant(rs, "valid_from");
                    ProductPriceHistoryEntry entry = new ProductPriceHistoryEntry(entryCurrency,
                            money(rs.getBigDecimal("amount"), entryCurrency),
                            money(rs.getBigDecimal("compare_at"), entryCurrency), rs.getString("source"),
                            validFrom, instant(rs, "valid_to"));
                    byProduct.computeIfAbsent(rs.getObject("product_id", UUID.class), id -> new ArrayList<>())
                            .add(new PositionedHistoryEntry(new HistoryPosition(entryCurrency, validFrom,
                                    rs.getString("event_id")), entry));
                });
        return byProduct;
    }
}
