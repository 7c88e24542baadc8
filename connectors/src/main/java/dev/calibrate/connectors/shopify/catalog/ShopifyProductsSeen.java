package dev.calibrate.connectors.shopify.catalog;

import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The newest Shopify {@code updatedAt} Calibrate has taken in per Shopify product
 * ({@code shopify_product_seen}): a webhook or a sync reading older than that is stale. Both calls
 * lock the product's row until the caller's transaction ends, so a webhook and a sync chunk taking in
 * the same product queue behind each other, and the older reading of the two always loses.
 */
@Repository
public class ShopifyProductsSeen {

    private final JdbcTemplate jdbc;

    ShopifyProductsSeen(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A webhook's reading: records {@code updatedAt} and answers true when it is newer than anything
     * seen; false (stale, nothing recorded) when Calibrate already took in this version or a newer one.
     */
    public boolean recordIfNewer(TenantId tenantId, String productGid, Instant updatedAt) {
        return !jdbc.queryForList("INSERT INTO shopify_product_seen AS seen (tenant_id, product_gid, updated_at)"
                        + " VALUES (?, ?, ?) ON CONFLICT (tenant_id, product_gid) DO UPDATE SET updated_at = EXCLUDED.updated_at"
                        + " WHERE seen.updated_at < EXCLUDED.updated_at RETURNING 1",
                Integer.class, tenantId.value(), productGid, Timestamp.from(updatedAt)).isEmpty();
    }

    /**
     * A sync's readings (product gid to updatedAt): records the greater of each, and answers the
     * products that Calibrate already took in a strictly newer version of (a webhook overtook the
     * sync), whose sync reading must not be applied. An equal one is applied again: a sync also brings
     * the cost, which webhooks lack.
     */
    Set<String> recordIngested(TenantId tenantId, Map<String, Instant> updatedAt) {
        Set<String> overtaken = new HashSet<>();
        List<Map.Entry<String, Instant>> rows = updatedAt.entrySet().stream().filter(e -> e.getValue() != null)
                .sorted(Map.Entry.comparingByKey()).toList();
        for (Map.Entry<String, Instant> row : rows) {
            Timestamp seen = jdbc.queryForObject("INSERT INTO shopify_product_seen AS seen (tenant_id, product_gid, updated_at)"
                            + " VALUES (?, ?, ?) ON CONFLICT (tenant_id, product_gid)"
                            + " DO UPDATE SET updated_at = GREATEST(seen.updated_at, EXCLUDED.updated_at) RETURNING updated_at",
                    Timestamp.class, tenantId.value(), row.getKey(), Timestamp.from(row.getValue()));
            if (seen != null && seen.toInstant().isAfter(row.getValue())) {
                overtaken.add(row.getKey());
            }
        }
        return overtaken;
    }

    /**
     * A deleted product: anything Shopify says about it from before {@code at} is stale. Answers false
     * (nothing recorded) when Calibrate already took in a version updated after {@code at}: the delete
     * is older than what is known and must not be applied. A delete in the same second as the last
     * update is applied (Shopify's times are whole seconds, and a delete follows the update).
     */
    public boolean recordDeletedIfNotOlder(TenantId tenantId, String productGid, Instant at) {
        return !jdbc.queryForList("INSERT INTO shopify_product_seen AS seen (tenant_id, product_gid, updated_at)"
                        + " VALUES (?, ?, ?) ON CONFLICT (tenant_id, product_gid) DO UPDATE SET updated_at = EXCLUDED.updated_at"
                        + " WHERE seen.updated_at <= EXCLUDED.updated_at RETURNING 1",
                Integer.class, tenantId.value(), productGid, Timestamp.from(at)).isEmpty();
    }
}
