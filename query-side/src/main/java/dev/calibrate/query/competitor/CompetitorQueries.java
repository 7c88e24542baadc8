package dev.calibrate.query.competitor;

import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.competitor.CompetitorNotFound;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.query.competitor.CompetitorReadApi.CompetitorAskingPrice;
import dev.calibrate.query.competitor.CompetitorReadApi.CompetitorListing;
import dev.calibrate.query.competitor.CompetitorReadApi.CompetitorObservation;
import dev.calibrate.query.competitor.CompetitorReadApi.CompetitorObservationPage;
import dev.calibrate.query.competitor.CompetitorReadApi.CompetitorPage;
import dev.calibrate.query.competitor.CompetitorReadApi.ProductCompetitorPrice;
import dev.calibrate.query.competitor.CompetitorReadApi.ProductCompetitorPrices;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Competitor reads. Run inside {@link dev.calibrate.kernel.tenant.TenantScope#read}: row-level
 * security limits every statement to the caller's tenant, so none filters by tenant itself, and
 * another tenant's competitor or product reads as missing.
 */
@Component
public class CompetitorQueries {

    /** Filters of a competitor's observations; null means "any". */
    record ObservationFilter(String sku, Instant from, Instant to) {
    }

    private final NamedParameterJdbcTemplate sql;

    CompetitorQueries(NamedParameterJdbcTemplate sql) {
        this.sql = sql;
    }

    CompetitorPage list(Paging paging) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("limit", paging.size()).addValue("offset", paging.offset());
        Long total = sql.queryForObject("SELECT count(*) FROM competitor_view", params, Long.class);
        List<CompetitorListing> items = sql.query("""
                SELECT competitor_id, name, domain, registered_at FROM competitor_view
                ORDER BY name, domain LIMIT :limit OFFSET :offset""", params, (rs, n) -> listing(rs));
        return new CompetitorPage(items, paging.page(), paging.size(), total == null ? 0 : total);
    }

    /** A competitor's place in the list's order (name, domain, then id): where a keyset window starts or ends. */
    public record CompetitorPosition(String name, String domain, UUID id) {
    }

    /**
     * Up to {@code limit} competitors in {@link #list}'s order (name, domain; then id, so the order is total):
     * the first ones after {@code after}, or with {@code fromEnd} the last ones before {@code before}; either
     * bound may be null. A keyset instead of {@link #list}'s offset, for GraphQL's cursors.
     */
    public List<CompetitorListing> window(CompetitorPosition after, CompetitorPosition before, int limit,
                                          boolean fromEnd) {
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit);
        if (after != null) {
            where.append(" AND (name, domain, competitor_id) > (:afterName, :afterDomain, :afterId)");
            params.addValue("afterName", after.name()).addValue("afterDomain", after.domain())
                    .addValue("afterId", after.id());
        }
        if (before != null) {
            where.append(" AND (name, domain, competitor_id) < (:beforeName, :beforeDomain, :beforeId)");
            params.addValue("beforeName", before.name()).addValue("beforeDomain", before.domain())
                    .addValue("beforeId", before.id());
        }
        String direction = fromEnd ? " DESC" : "";
        List<CompetitorListing> items = new ArrayList<>(sql.query("SELECT competitor_id, name, domain, registered_at"
                + " FROM competitor_view" + where + " ORDER BY name" + direction + ", domain" + direction
                + ", competitor_id" + direction + " LIMIT :limit", params, (rs, n) -> listing(rs)));
        if (fromEnd) {
            Collections.reverse(items);
        }
        return items;
    }

    private static CompetitorListing listing(ResultSet rs) throws SQLException {
        return new CompetitorListing(rs.getObject("competitor_id", UUID.class), rs.getString("name"),
                rs.getString("domain"), instant(rs, "registered_at"));
    }

    /** A competitor's observations, newest first (then in batch order, so pages are stable). */
    CompetitorObservationPage observations(CompetitorId id, ObservationFilter filter, Paging paging) {
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
        List<CompetitorObservation> items = sql.query("SELECT batch_id, product_id, sku, currency, amount, "
                + "observed_at, url, in_stock, recorded_at FROM competitor_observation" + where
                + " ORDER BY observed_at DESC, batch_id, idx LIMIT :limit OFFSET :offset", params,
                (rs, n) -> new CompetitorObservation(rs.getObject("product_id", UUID.class), rs.getString("sku"),
                        price(rs), instant(rs, "observed_at"), rs.getString("url"), rs.getBoolean("in_stock"),
                        rs.getObject("batch_id", UUID.class), instant(rs, "recorded_at")));
        return new CompetitorObservationPage(items, paging.page(), paging.size(), total == null ? 0 : total);
    }

    /**
     * The latest observation of each competitor (per currency) observed and recorded at or before
     * {@code now}: {@code fresh} when within {@code maxAge}; {@code competing} when also in stock,
     * which is what the engine and the price position use.
     */
    ProductCompetitorPrices ofProduct(ProductId id, Duration maxAge, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", id.value()).addValue("now", utc(now));
        Long products = sql.queryForObject("SELECT count(*) FROM product_view WHERE product_id = :id", params, Long.class);
        if (products == null || products == 0) {
            throw new ProductNotFound();
        }
        List<ProductCompetitorPrice> items = sql.query("""
                SELECT DISTINCT ON (o.competitor_id, o.currency)
                       o.competitor_id, c.name, c.domain, o.currency, o.amount, o.observed_at, o.url, o.in_stock
                FROM competitor_observation o JOIN competitor_view c ON c.competitor_id = o.competitor_id
                WHERE o.product_id = :id AND o.observed_at <= :now AND o.recorded_at <= :now
                ORDER BY o.competitor_id, o.currency, %s""".formatted(CompetitorLookups.LATEST_ORDER), params, (rs, n) -> {
            Instant observedAt = instant(rs, "observed_at");
            boolean fresh = !observedAt.isBefore(now.minus(maxAge));
            boolean inStock = rs.getBoolean("in_stock");
            return new ProductCompetitorPrice(rs.getObject("competitor_id", UUID.class), rs.getString("name"),
                    rs.getString("domain"), price(rs), observedAt, Duration.between(observedAt, now).toSeconds(),
                    fresh, inStock, fresh && inStock, rs.getString("url"));
        });
        List<ProductCompetitorPrice> sorted = items.stream().sorted(Comparator.comparing(ProductCompetitorPrice::name)
                .thenComparing(ProductCompetitorPrice::domain)
                .thenComparing(item -> item.price().currency())).toList();
        return new ProductCompetitorPrices(id.value(), maxAge.toHours(), now, sorted);
    }

    /**
     * {@link #ofProduct} for many products in one statement (a page of products asks for its competitors
     * at once); a product with no observation, or not the tenant's, has an empty list.
     */
    public Map<UUID, ProductCompetitorPrices> ofProducts(Collection<UUID> ids, Duration maxAge, Instant now) {
        Map<UUID, List<ProductCompetitorPrice>> byProduct = new HashMap<>();
        if (!ids.isEmpty()) {
            MapSqlParameterSource params = new MapSqlParameterSource("ids", ids).addValue("now", utc(now));
            sql.query("""
                    SELECT DISTINCT ON (o.product_id, o.competitor_id, o.currency)
                           o.product_id, o.competitor_id, c.name, c.domain, o.currency, o.amount, o.observed_at, o.url,
                           o.in_stock
                    FROM competitor_observation o JOIN competitor_view c ON c.competitor_id = o.competitor_id
                    WHERE o.product_id IN (:ids) AND o.observed_at <= :now AND o.recorded_at <= :now
                    ORDER BY o.product_id, o.competitor_id, o.currency, %s""".formatted(CompetitorLookups.LATEST_ORDER),
                    params, rs -> {
                        Instant observedAt = instant(rs, "observed_at");
                        boolean fresh = !observedAt.isBefore(now.minus(maxAge));
                        boolean inStock = rs.getBoolean("in_stock");
                        byProduct.computeIfAbsent(rs.getObject("product_id", UUID.class), id -> new ArrayList<>())
                                .add(new ProductCompetitorPrice(rs.getObject("competitor_id", UUID.class),
                                        rs.getString("name"), rs.getString("domain"), price(rs), observedAt,
                                        Duration.between(observedAt, now).toSeconds(), fresh, inStock,
                                        fresh && inStock, rs.getString("url")));
                    });
        }
        Map<UUID, ProductCompetitorPrices> answers = new HashMap<>();
        for (UUID id : ids) {
            List<ProductCompetitorPrice> sorted = byProduct.getOrDefault(id, List.of()).stream()
                    .sorted(Comparator.comparing(ProductCompetitorPrice::name)
                            .thenComparing(ProductCompetitorPrice::domain)
                            .thenComparing(item -> item.price().currency())).toList();
            answers.put(id, new ProductCompetitorPrices(id, maxAge.toHours(), now, sorted));
        }
        return answers;
    }

    private void requireCompetitor(MapSqlParameterSource params, CompetitorId id) {
        Long found = sql.queryForObject("SELECT count(*) FROM competitor_view WHERE competitor_id = :id", params, Long.class);
        if (found == null || found == 0) {
            throw new CompetitorNotFound();
        }
    }

    private static CompetitorAskingPrice price(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency").trim();
        return new CompetitorAskingPrice(money(rs.getBigDecimal("amount"), currency), currency);
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
