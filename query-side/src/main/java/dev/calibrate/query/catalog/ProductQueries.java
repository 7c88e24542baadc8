package dev.calibrate.query.catalog;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.query.consistency.Paging;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Catalog reads. Run inside {@link dev.calibrate.query.consistency.TenantReads}: row-level security
 * limits every statement here to the caller's tenant, so none of them filters by tenant itself.
 */
@Component
public class ProductQueries {

    /** Filters of the product list; null means "any". */
    public record Filter(String sku, String tag, String vendor, String q, Boolean active) {
    }

    private final NamedParameterJdbcTemplate sql;
    private final ProductViewRepository products;
    private final ProductPriceRepository prices;
    private final PriceHistoryRepository history;

    ProductQueries(NamedParameterJdbcTemplate sql, ProductViewRepository products, ProductPriceRepository prices,
                   PriceHistoryRepository history) {
        this.sql = sql;
        this.products = products;
        this.prices = prices;
        this.history = history;
    }

    /** A page of products in a stable order (SKU, then id), each with its current prices. */
    public Map<String, Object> list(Filter filter, Paging paging) {
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
        if (filter.q() != null) {
            where.append(" AND (title ILIKE :q ESCAPE '\\' OR sku ILIKE :q ESCAPE '\\')");
            params.addValue("q", "%" + filter.q().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (filter.active() != null) {
            where.append(" AND active = :active");
            params.addValue("active", filter.active());
        }
        Long total = sql.queryForObject("SELECT count(*) FROM product_view" + where, params, Long.class);
        params.addValue("limit", paging.size()).addValue("offset", paging.offset());
        List<UUID> ids = sql.queryForList("SELECT product_id FROM product_view" + where
                + " ORDER BY sku, product_id LIMIT :limit OFFSET :offset", params, UUID.class);
        Map<UUID, ProductView> found = products.findAllById(ids).stream()
                .collect(Collectors.toMap(ProductView::getProductId, p -> p));
        Map<UUID, List<ProductPrice>> pricesById = prices.findByProductIdInOrderByCurrency(ids).stream()
                .collect(Collectors.groupingBy(ProductPrice::getProductId));
        List<Map<String, Object>> items = new ArrayList<>();
        for (UUID id : ids) {
            items.add(describe(found.get(id), pricesById.getOrDefault(id, List.of())));
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("page", paging.page());
        page.put("size", paging.size());
        page.put("total", total);
        return page;
    }

    /** One product with its current prices and its full price history. */
    public Map<String, Object> get(ProductId id) {
        ProductView view = products.findById(id.value()).orElseThrow(() -> new ProductNotFound(id));
        Map<String, Object> product = describe(view, prices.findByProductIdOrderByCurrency(id.value()));
        product.put("priceHistory", history.findByProductIdOrderByCurrencyAscValidFromAsc(id.value()).stream()
                .map(h -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("currency", h.getCurrency());
                    entry.put("amount", money(h.getAmount(), h.getCurrency()));
                    entry.put("compareAt", money(h.getCompareAt(), h.getCurrency()));
                    entry.put("source", h.getSource());
                    entry.put("validFrom", h.getValidFrom());
                    entry.put("validTo", h.getValidTo());
                    return entry;
                }).toList());
        return product;
    }

    private static Map<String, Object> describe(ProductView view, List<ProductPrice> current) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("id", view.getProductId());
        product.put("sku", view.getSku());
        product.put("title", view.getTitle());
        product.put("vendor", view.getVendor());
        product.put("productType", view.getProductType());
        product.put("tags", view.getTags());
        if (view.getCostAmount() != null) {
            product.put("cost", Map.of("amount", money(view.getCostAmount(), view.getCostCurrency()),
                    "currency", view.getCostCurrency()));
        }
        product.put("active", view.isActive());
        product.put("channelRefs", view.getChannelRefs());
        product.put("prices", current.stream().map(p -> {
            Map<String, Object> price = new LinkedHashMap<>();
            price.put("currency", p.getCurrency());
            price.put("amount", money(p.getAmount(), p.getCurrency()));
            price.put("compareAt", money(p.getCompareAt(), p.getCurrency()));
            price.put("source", p.getSource());
            price.put("since", p.getValidFrom());
            return price;
        }).toList());
        product.put("version", view.getVersion());
        product.put("createdAt", view.getCreatedAt());
        product.put("updatedAt", view.getUpdatedAt());
        return product;
    }

    /** Money leaves as a decimal string at the currency's scale ("21.60", "1200"). */
    static String money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount, currency.trim()).amount().toPlainString();
    }
}
