package dev.calibrate.query.catalog;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogItems;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogSnapshot;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;
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

/**
 * The tenant's active products with their current prices, for the pricing engine: one query, in
 * product order, rows folded per product. Inactive products are left out (the engine skips them).
 * A page of a request asks for its own products only ({@link FindCatalogItems}).
 */
@Component
class CatalogSnapshots {

    private final JdbcTemplate jdbc;

    CatalogSnapshots(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<CatalogItem> handle(FindCatalogSnapshot query) {
        return read("", ps -> ps.setObject(1, query.tenantId().value()));
    }

    /** A page's products only: one keyed query, never the tenant's whole catalog. */
    @QueryHandler
    List<CatalogItem> handle(FindCatalogItems query) {
        if (query.productIds().isEmpty()) {
            return List.of();
        }
        UUID[] ids = query.productIds().stream().map(ProductId::value).toArray(UUID[]::new);
        return read(" AND v.product_id = ANY (?)", ps -> {
            ps.setObject(1, query.tenantId().value());
            ps.setArray(2, ps.getConnection().createArrayOf("uuid", ids));
        });
    }

    private List<CatalogItem> read(String andWhere, PreparedStatementSetter args) {
        List<CatalogItem> items = new ArrayList<>();
        Builder[] current = {null};
        String sql = """
                SELECT v.product_id, v.sku, v.title, v.vendor, v.product_type, v.tags, v.cost_amount, v.cost_currency,
                       ARRAY(SELECT jsonb_object_keys(v.channel_refs)) AS channels,
                       p.currency, p.amount, p.compare_at
                FROM product_view v LEFT JOIN product_price p ON p.product_id = v.product_id
                WHERE v.tenant_id = ? AND v.active""" + andWhere + """

                ORDER BY v.product_id""";
        jdbc.query(sql, args, (RowCallbackHandler) rs -> {
            UUID productId = rs.getObject("product_id", UUID.class);
            if (current[0] == null || !current[0].productId.equals(productId)) {
                if (current[0] != null) items.add(current[0].build());
                current[0] = new Builder(productId, rs);
            }
            String currency = rs.getString("currency");
            if (currency != null) {
                currency = currency.trim();
                current[0].prices.put(currency, new Money(rs.getBigDecimal("amount"), currency));
                BigDecimal compareAt = rs.getBigDecimal("compare_at");
                if (compareAt != null) current[0].compareAt.put(currency, new Money(compareAt, currency));
            }
        });
        if (current[0] != null) items.add(current[0].build());
        return items;
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
        }

        CatalogItem build() {
            return new CatalogItem(new ProductId(productId), sku, title, vendor, productType, tags,
                    new HashSet<>(channels), true, cost, prices, compareAt, null);
        }

        private static List<String> strings(Array array) throws SQLException {
            return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
        }
    }
}
