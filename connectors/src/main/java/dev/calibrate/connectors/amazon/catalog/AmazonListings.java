package dev.calibrate.connectors.amazon.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code amazon_listing} table: which SKUs the last sync linked, so the next one sees what vanished,
 * and each listing's offer prices as Amazon showed them, so the listings endpoint can say which differ
 * from Calibrate's prices.
 */
@Repository
class AmazonListings {

    /** Amazon's B2C offer for a listing in one marketplace. */
    record Offer(String marketplaceId, Money price) {
    }

    /** {@code seenAt} is when a sync last read the offers; null for a listing linked before offers were kept. */
    record Listing(String sku, ProductId productId, String asin, String marketplaceId, String title, String brand,
                   List<Offer> offers, Instant seenAt) {
        Listing {
            offers = offers == null ? List.of() : List.copyOf(offers);
        }
    }

    private static final String COLUMNS = "sku, product_id, asin, marketplace_id, title, brand, offers, seen_at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final TenantScope tenantScope;

    AmazonListings(JdbcTemplate jdbc, ObjectMapper json, TenantScope tenantScope) {
        this.jdbc = jdbc;
        this.json = json;
        this.tenantScope = tenantScope;
    }

    /** Every listing of the tenant, for the sync (which runs as the worker, outside any request). */
    List<Listing> all(TenantId tenantId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM amazon_listing WHERE tenant_id = ? ORDER BY sku", row(),
                tenantId.value());
    }

    /**
     * One page of the tenant's listings in SKU order, with how many there are, for a request: read as
     * {@code calibrate_api} with the tenant set, so row-level security, not only the WHERE clause, keeps
     * tenants apart.
     */
    Page page(TenantId tenantId, long offset, int limit) {
        return tenantScope.read(tenantId, () -> {
            Long total = jdbc.queryForObject("SELECT count(*) FROM amazon_listing WHERE tenant_id = ?", Long.class,
                    tenantId.value());
            List<Listing> items = jdbc.query("SELECT " + COLUMNS + " FROM amazon_listing WHERE tenant_id = ?"
                    + " ORDER BY sku LIMIT ? OFFSET ?", row(), tenantId.value(), limit, offset);
            return new Page(items, total == null ? 0 : total);
        });
    }

    record Page(List<Listing> items, long total) {
    }

    /** For a request, as {@link #page}: up to {@code limit} listings with a SKU after {@code afterSku} (null: from the first). */
    List<Listing> after(TenantId tenantId, String afterSku, int limit) {
        return tenantScope.read(tenantId, () -> afterSku == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM amazon_listing WHERE tenant_id = ? ORDER BY sku LIMIT ?", row(),
                        tenantId.value(), limit)
                : jdbc.query("SELECT " + COLUMNS + " FROM amazon_listing WHERE tenant_id = ? AND sku > ?"
                        + " ORDER BY sku LIMIT ?", row(), tenantId.value(), afterSku, limit));
    }

    void save(TenantId tenantId, Listing listing) {
        jdbc.update("INSERT INTO amazon_listing (tenant_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                        + " ON CONFLICT (tenant_id, sku) DO UPDATE SET product_id = EXCLUDED.product_id,"
                        + " asin = EXCLUDED.asin, marketplace_id = EXCLUDED.marketplace_id, title = EXCLUDED.title,"
                        + " brand = EXCLUDED.brand, offers = EXCLUDED.offers, seen_at = EXCLUDED.seen_at",
                tenantId.value(), listing.sku(), listing.productId().value(), listing.asin(), listing.marketplaceId(),
                listing.title(), listing.brand(), write(listing.offers()),
                listing.seenAt() == null ? null : Timestamp.from(listing.seenAt()));
    }

    void delete(TenantId tenantId, String sku) {
        jdbc.update("DELETE FROM amazon_listing WHERE tenant_id = ? AND sku = ?", tenantId.value(), sku);
    }

    private RowMapper<Listing> row() {
        return (rs, n) -> {
            Timestamp seenAt = rs.getTimestamp("seen_at");
            return new Listing(rs.getString("sku"), new ProductId(rs.getObject("product_id", UUID.class)),
                    rs.getString("asin"), rs.getString("marketplace_id"), rs.getString("title"), rs.getString("brand"),
                    read(rs.getString("offers")), seenAt == null ? null : seenAt.toInstant());
        };
    }

    private String write(List<Offer> offers) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Offer offer : offers) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("marketplaceId", offer.marketplaceId());
            row.put("amount", offer.price().amount().toPlainString());
            row.put("currency", offer.price().currency());
            rows.add(row);
        }
        try {
            return json.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("offers of an Amazon listing could not be written as JSON", e);
        }
    }

    private List<Offer> read(String offers) {
        try {
            List<Offer> read = new ArrayList<>();
            for (JsonNode offer : json.readTree(offers == null ? "[]" : offers)) {
                read.add(new Offer(offer.path("marketplaceId").asText(), Money.parse(offer.path("amount").asText(),
                        offer.path("currency").asText(), "offers.amount")));
            }
            return read;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("offers of an Amazon listing are not JSON", e);
        }
    }
}
