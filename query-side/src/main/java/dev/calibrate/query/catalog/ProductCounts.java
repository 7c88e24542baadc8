package dev.calibrate.query.catalog;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a batch of catalog events changes in {@code product_count}: per tenant, products created and
 * products that became active or inactive. Each {@link CatalogBatch} (or isolated event) adds its own
 * once its rows are written; the batch's sum is written once as it commits, as additions, tenants in id
 * order, so two segments' batches lock the tenants' count rows in the same order (no deadlock) and hold
 * them only until their commit. {@link ProductCountRecount} repairs what a writer that keeps no count (a
 * node of an earlier release during a rolling upgrade) left out.
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

    void add(ProductCounts more) {
        more.added.forEach((tenant, counts) -> {
            long[] sum = of(tenant);
            sum[0] += counts[0];
            sum[1] += counts[1];
        });
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
