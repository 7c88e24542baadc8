package dev.calibrate.query.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Counts each tenant's {@code product_view} rows again and corrects {@code product_count} where it
 * differs. The catalog projection keeps the count with the rows, but a writer that keeps none leaves it
 * short: a node of a release before V56 still projecting during a rolling upgrade, or such a node's replay
 * (which empties the rows but not their count). Run by a recurring task on one node at a time.
 *
 * <p>Each tenant is recounted in its own transaction that first locks the tenant's count row, and only then
 * counts, in a later statement: a batch that already added to the row has committed by then, so its rows
 * are counted; a batch still writing adds to the row after this transaction commits, on top of a count that
 * did not include its rows. Either way nothing is counted twice or left out.
 */
@Component
public class ProductCountRecount {

    private static final Logger log = LoggerFactory.getLogger(ProductCountRecount.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    ProductCountRecount(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Recounts every tenant that has products or a count; returns how many counts were corrected. */
    public int recountAll() {
        return recountAll(() -> false);
    }

    /** As {@link #recountAll()}, stopping between tenants once {@code stop} says so (the node is shutting down). */
    public int recountAll(BooleanSupplier stop) {
        List<UUID> tenants = jdbc.queryForList("SELECT tenant_id FROM product_count UNION "
                + "SELECT DISTINCT tenant_id FROM product_view", UUID.class);
        int corrected = 0;
        for (UUID tenant : tenants) {
            if (stop.getAsBoolean()) break;
            if (Boolean.TRUE.equals(transactions.execute(status -> recount(tenant)))) corrected++;
        }
        return corrected;
    }

    private boolean recount(UUID tenant) {
        jdbc.update("INSERT INTO product_count (tenant_id, products, active_products) VALUES (?, 0, 0)"
                + " ON CONFLICT (tenant_id) DO NOTHING", tenant);
        jdbc.queryForList("SELECT products FROM product_count WHERE tenant_id = ? FOR UPDATE", Long.class, tenant);
        List<long[]> changed = jdbc.query("""
                UPDATE product_count c SET products = v.products, active_products = v.active
                FROM (SELECT count(*) AS products, count(*) FILTER (WHERE active) AS active
                      FROM product_view WHERE tenant_id = ?) v
                WHERE c.tenant_id = ? AND (c.products, c.active_products) IS DISTINCT FROM (v.products, v.active)
                RETURNING v.products, v.active""", (rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}, tenant, tenant);
        if (changed.isEmpty()) return false;
        log.warn("product_count of tenant {} corrected to {} products, {} active: a writer kept no count",
                tenant, changed.get(0)[0], changed.get(0)[1]);
        return true;
    }
}
