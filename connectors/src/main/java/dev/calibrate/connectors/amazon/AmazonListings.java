package dev.calibrate.connectors.amazon;

import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.UUID;

/** The {@code amazon_listing} table: which SKUs the last sync linked, so the next one sees what vanished. */
@Repository
class AmazonListings {

    record Listing(String sku, ProductId productId, String asin, String marketplaceId, String title, String brand) {
    }

    private final JdbcTemplate jdbc;

    AmazonListings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Listing> all(TenantId tenantId) {
        return jdbc.query("SELECT sku, product_id, asin, marketplace_id, title, brand FROM amazon_listing"
                        + " WHERE tenant_id = ? ORDER BY sku",
                (rs, n) -> new Listing(rs.getString("sku"), new ProductId(rs.getObject("product_id", UUID.class)),
                        rs.getString("asin"), rs.getString("marketplace_id"), rs.getString("title"),
                        rs.getString("brand")), tenantId.value());
    }

    void save(TenantId tenantId, Listing listing) {
        jdbc.update("INSERT INTO amazon_listing (tenant_id, sku, product_id, asin, marketplace_id, title, brand)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, sku) DO UPDATE SET"
                        + " product_id = EXCLUDED.product_id, asin = EXCLUDED.asin,"
                        + " marketplace_id = EXCLUDED.marketplace_id, title = EXCLUDED.title, brand = EXCLUDED.brand",
                tenantId.value(), listing.sku(), listing.productId().value(), listing.asin(), listing.marketplaceId(),
                listing.title(), listing.brand());
    }

    void delete(TenantId tenantId, String sku) {
        jdbc.update("DELETE FROM amazon_listing WHERE tenant_id = ? AND sku = ?", tenantId.value(), sku);
    }
}
