package dev.calibrate.query.catalog;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one {@link CatalogBatch} changes in {@code product_count}: per tenant, products created and
 * products that became active or inactive. Written as additions after the batch's other rows, tenants
 * in id order, so two segments' batches lock the tenants' count rows in the same order (no deadlock)
 * and hold them only until their commit.
 */
final class ProductCounts {

    private static final String ADD = """
            INSERT INTO product_count (tenant_id, products, active_products) VALUES (?, ?, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET products = product_count.products + EXCLUDED.products,
                active_products = product_count.active_products + EXCLUDED.active_products""";

    /** Tenant id to {products, active products} added. */
    private final Map<UUID, long[]> added = new TreeMap<>();

    void created(ProductViewRow view) {
        long[] counts = of(view.tenantId);
        counts[0]++;
        if (view.active) counts[1]++;
    }

    /** Call before the row takes the new flag. */
    void activated(ProductViewRow view, boolean active) {
        if (view.active != active) of(view.tenantId)[1] += active ? 1 : -1;
    }

    void write(JdbcTemplate jdbc) {
        added.values().removeIf(counts -> counts[0] == 0 && counts[1] == 0);
        jdbc.batchUpdate(ADD, added.entrySet(), added.size(), (ps, tenant) -> {
            ps.setObject(1, tenant.getKey());
            ps.setLong(2, tenant.getValue()[0]);
            ps.setLong(3, tenant.getValue()[1]);
        });
    }

    private long[] of(UUID tenant) {
        return added.computeIfAbsent(tenant, t -> new long[2]);
    }
}
