package dev.calibrate.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.message.Paging;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Catalog reads. Run inside {@link dev.calibrate.query.consistency.TenantReads}: row-level security
 * limits every statement here to the caller's tenant, so none of them filters by tenant itself.
 */
@Component
public class ProductQueries {

    /** Filters of the product list; null means "any". */
    public record Filter(String sku, String tag, String vendor, String q, Boolean active) {
    }

    private static final String PRODUCT_COLUMNS = "product_id, sku, title, vendor, product_type, tags, cost_amount, "
            + "cost_currency, CAST(channel_refs AS text) AS channel_refs, active, version, created_at, updated_at";
    private static final String PRICE_COLUMNS = "product_id, currency, amount, compare_at, source, valid_from";
    private static final TypeReference<Map<String, Map<String, String>>> CHANNEL_REFS = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate sql;
    private final ObjectMapper mapper;

    ProductQueries(NamedParameterJdbcTemplate sql, ObjectMapper mapper) {
        this.sql = sql;
        this.mapper = mapper;
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
        List<Map<String, Object>> items = sql.query("SELECT " + PRODUCT_COLUMNS + " FROM product_view" + where
                + " ORDER BY sku, product_id LIMIT :limit OFFSET :offset", params, (rs, n) -> product(rs));
        if (!items.isEmpty()) {
            Map<Object, List<Map<String, Object>>> pricesById = new HashMap<>();
            sql.query("SELECT " + PRICE_COLUMNS + " FROM product_price WHERE product_id IN (:ids) ORDER BY currency",
                    Map.of("ids", items.stream().map(item -> item.get("id")).toList()),
                    rs -> {
                        pricesById.computeIfAbsent(rs.getObject("product_id", UUID.class), id -> new ArrayList<>())
                                .add(price(rs));
                    });
            items.forEach(item -> item.put("prices", pricesById.getOrDefault(item.get("id"), List.of())));
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
        Map<String, Object> params = Map.of("id", id.value());
        Map<String, Object> product = sql.query("SELECT " + PRODUCT_COLUMNS + " FROM product_view WHERE product_id = :id",
                params, (rs, n) -> product(rs)).stream().findFirst().orElseThrow(() -> new ProductNotFound());
        product.put("prices", sql.query("SELECT " + PRICE_COLUMNS + " FROM product_price WHERE product_id = :id "
                + "ORDER BY currency", params, (rs, n) -> price(rs)));
        product.put("priceHistory", sql.query("SELECT currency, amount, compare_at, source, valid_from, valid_to "
                + "FROM product_price_history WHERE product_id = :id ORDER BY currency, valid_from", params, (rs, n) -> {
            String currency = rs.getString("currency");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("currency", currency);
            entry.put("amount", money(rs.getBigDecimal("amount"), currency));
            entry.put("compareAt", money(rs.getBigDecimal("compare_at"), currency));
            entry.put("source", rs.getString("source"));
            entry.put("validFrom", instant(rs, "valid_from"));
            entry.put("validTo", instant(rs, "valid_to"));
            return entry;
        }));
        return product;
    }

    /** A product row in the order the API shows its fields; its prices are filled in by the caller. */
    private Map<String, Object> product(ResultSet rs) throws SQLException {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("id", rs.getObject("product_id", UUID.class));
        product.put("sku", rs.getString("sku"));
        product.put("title", rs.getString("title"));
        product.put("vendor", rs.getString("vendor"));
        product.put("productType", rs.getString("product_type"));
        product.put("tags", Arrays.asList((String[]) rs.getArray("tags").getArray()));
        BigDecimal costAmount = rs.getBigDecimal("cost_amount");
        if (costAmount != null) {
            String costCurrency = rs.getString("cost_currency");
            product.put("cost", Map.of("amount", money(costAmount, costCurrency), "currency", costCurrency));
        }
        product.put("active", rs.getBoolean("active"));
        product.put("channelRefs", channelRefs(rs.getString("channel_refs")));
        product.put("prices", List.of());
        product.put("version", rs.getLong("version"));
        product.put("createdAt", instant(rs, "created_at"));
        product.put("updatedAt", instant(rs, "updated_at"));
        return product;
    }

    private static Map<String, Object> price(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        Map<String, Object> price = new LinkedHashMap<>();
        price.put("currency", currency);
        price.put("amount", money(rs.getBigDecimal("amount"), currency));
        price.put("compareAt", money(rs.getBigDecimal("compare_at"), currency));
        price.put("source", rs.getString("source"));
        price.put("since", instant(rs, "valid_from"));
        return price;
    }

    private Map<String, Map<String, String>> channelRefs(String json) {
        try {
            return mapper.readValue(json, CHANNEL_REFS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("channel refs are not JSON: " + json, e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** Money leaves as a decimal string at the currency's scale ("21.60", "1200"). */
    static String money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount, currency.trim()).amount().toPlainString();
    }
}
