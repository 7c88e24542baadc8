package dev.calibrate.query.competitor;

import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.competitor.CompetitorNotFound;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Competitor reads. Run inside {@link dev.calibrate.query.consistency.TenantReads}: row-level
 * security limits every statement to the caller's tenant, so none filters by tenant itself, and
 * another tenant's competitor or product reads as missing.
 */
@Component
class CompetitorQueries {

    /** Filters of a competitor's observations; null means "any". */
    record ObservationFilter(String sku, Instant from, Instant to) {
    }

    private final NamedParameterJdbcTemplate sql;

    CompetitorQueries(NamedParameterJdbcTemplate sql) {
        this.sql = sql;
    }

    Map<String, Object> list(Paging paging) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("limit", paging.size()).addValue("offset", paging.offset());
        Long total = sql.queryForObject("SELECT count(*) FROM competitor_view", params, Long.class);
        List<Map<String, Object>> items = sql.query("""
                SELECT competitor_id, name, domain, registered_at FROM competitor_view
                ORDER BY name, domain LIMIT :limit OFFSET :offset""", params, (rs, n) -> {
            Map<String, Object> competitor = new LinkedHashMap<>();
            competitor.put("id", rs.getObject("competitor_id", UUID.class));
            competitor.put("name", rs.getString("name"));
            competitor.put("domain", rs.getString("domain"));
            competitor.put("registeredAt", instant(rs, "registered_at"));
            return competitor;
        });
        return page(items, paging, total);
    }

    /** A competitor's observations, newest first (then in batch order, so pages are stable). */
    Map<String, Object> observations(CompetitorId id, ObservationFilter filter, Paging paging) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", id.value());
        requireCompetitor(params, id);
        StringBuilder where = new StringBuilder(" WHERE competitor_id = :id");
        if (filter.sku() != null) {
            where.append(" AND sku = :sku");
            params.addValue("sku", filter.sku());
        }
        if (filter.from() != null) {
            where.append(" AND observed_at >= :from");
            params.addValue("from", utc(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND observed_at <= :to");
            params.addValue("to", utc(filter.to()));
        }
        Long total = sql.queryForObject("SELECT count(*) FROM competitor_observation" + where, params, Long.class);
        params.addValue("limit", paging.size()).addValue("offset", paging.offset());
        List<Map<String, Object>> items = sql.query("SELECT batch_id, product_id, sku, currency, amount, observed_at, "
                + "url, in_stock, recorded_at FROM competitor_observation" + where
                + " ORDER BY observed_at DESC, batch_id, idx LIMIT :limit OFFSET :offset", params, (rs, n) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("productId", rs.getObject("product_id", UUID.class));
            item.put("sku", rs.getString("sku"));
            item.put("price", price(rs));
            item.put("observedAt", instant(rs, "observed_at"));
            item.put("url", rs.getString("url"));
            item.put("inStock", rs.getBoolean("in_stock"));
            item.put("batchId", rs.getObject("batch_id", UUID.class));
            item.put("recordedAt", instant(rs, "recorded_at"));
            return item;
        });
        return page(items, paging, total);
    }

    /**
     * The latest observation of each competitor (per currency) observed and recorded at or before
     * {@code now}: {@code fresh} when within {@code maxAge}; {@code competing} when also in stock,
     * which is what the engine and the price position use.
     */
    Map<String, Object> ofProduct(ProductId id, Duration maxAge, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", id.value()).addValue("now", utc(now));
        Long products = sql.queryForObject("SELECT count(*) FROM product_view WHERE product_id = :id", params, Long.class);
        if (products == null || products == 0) {
            throw new ProductNotFound();
        }
        List<Map<String, Object>> items = sql.query("""
                SELECT DISTINCT ON (o.competitor_id, o.currency)
                       o.competitor_id, c.name, c.domain, o.currency, o.amount, o.observed_at, o.url, o.in_stock
                FROM competitor_observation o JOIN competitor_view c ON c.competitor_id = o.competitor_id
                WHERE o.product_id = :id AND o.observed_at <= :now AND o.recorded_at <= :now
                ORDER BY o.competitor_id, o.currency, %s""".formatted(CompetitorLookups.LATEST_ORDER), params, (rs, n) -> {
            Instant observedAt = instant(rs, "observed_at");
            boolean fresh = !observedAt.isBefore(now.minus(maxAge));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("competitorId", rs.getObject("competitor_id", UUID.class));
            item.put("name", rs.getString("name"));
            item.put("domain", rs.getString("domain"));
            item.put("price", price(rs));
            item.put("observedAt", observedAt);
            item.put("ageSeconds", Duration.between(observedAt, now).toSeconds());
            item.put("fresh", fresh);
            item.put("inStock", rs.getBoolean("in_stock"));
            item.put("competing", fresh && rs.getBoolean("in_stock"));
            item.put("url", rs.getString("url"));
            return item;
        });
        items.sort(Comparator.comparing((Map<String, Object> i) -> (String) i.get("name"))
                .thenComparing(i -> (String) i.get("domain"))
                .thenComparing(i -> ((Map<?, ?>) i.get("price")).get("currency").toString()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("productId", id.toString());
        body.put("maxAgeHours", maxAge.toHours());
        body.put("asOf", now);
        body.put("items", items);
        return body;
    }

    private void requireCompetitor(MapSqlParameterSource params, CompetitorId id) {
        Long found = sql.queryForObject("SELECT count(*) FROM competitor_view WHERE competitor_id = :id", params, Long.class);
        if (found == null || found == 0) {
            throw new CompetitorNotFound();
        }
    }

    static Map<String, Object> page(List<Map<String, Object>> items, Paging paging, Long total) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("page", paging.page());
        page.put("size", paging.size());
        page.put("total", total);
        return page;
    }

    private static Map<String, Object> price(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency").trim();
        Map<String, Object> price = new LinkedHashMap<>();
        price.put("amount", money(rs.getBigDecimal("amount"), currency));
        price.put("currency", currency);
        return price;
    }

    /** Money leaves as a decimal string at the currency's scale ("21.60", "1200"). */
    static String money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount, currency).amount().toPlainString();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
