package dev.calibrate.query.catalog;

import dev.calibrate.kernel.money.Money;
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

    /** Keyset pages over (tenant_id, product_id); the limit counts products, not price rows. */
    @QueryHandler
    List<CatalogEntry> handle(FindCatalogEntries query) {
        int limit = Math.max(1, Math.min(query.limit(), MAX_PAGE));
        UUID after = query.after() == null ? null : query.after().value();
        return read(COLUMNS + """
                FROM (SELECT * FROM product_view
                      WHERE tenant_id = ? AND (CAST(? AS uuid) IS NULL OR product_id > ?)
                      ORDER BY product_id LIMIT ?) v
                LEFT JOIN product_price p ON p.product_id = v.product_id
                ORDER BY v.product_id""", query.tenantId().value(), after, after, limit);
    }

    private List<CatalogEntry> read(String sql, Object... arguments) {
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
                    new HashSet<>(channels), active, cost, prices, compareAt, null), version, channelGroup);
        }

        private static List<String> strings(Array array) throws SQLException {
            return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
        }
    }
}
