import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The command side's preview catalog (issue 14, aim 2): what a tenant of P products costs in heap once
 * held, how long it takes to rebuild from the catalog read model, and what one preview's copy of it
 * costs, beside the raw-JDBC floor of reading the same rows. A Calibrate server in the same JVM (embedded PostgreSQL in a
 * temporary directory); the read model is seeded with SQL (a rebuild reads nothing else), in the shape
 * of an ingested catalog: 20 vendors, 8 types, 10 tag sets, a cost, a USD price, a compare-at on every
 * third product and a Shopify link. Heap figures are used heap after full GCs, before and after.
 *
 * <pre>bench/preview-catalog.sh [PRODUCTS]</pre>
 */
public class PreviewCatalogBench {

    static final String ADMIN = "bench-admin-token-0123456789abcdefghijklmnop";

    public static void main(String[] args) throws Exception {
        int products = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path data = Files.createTempDirectory("calibrate-bench-catalog");
        System.setProperty("axoniq.update-checker.disabled", "true");
        long started = System.nanoTime();
        ConfigurableApplicationContext app = SpringApplication.run(CalibrateApplication.class,
                "--calibrate.rate-limits.enabled=false", "--server.port=" + freePort(), "--calibrate.data-dir=" + data, "--calibrate.admin-token=" + ADMIN,
                "--calibrate.consistency.max-wait=300s", "--logging.level.root=WARN", "--spring.main.banner-mode=off",
                "--logging.level.dev.calibrate.command.catalog=INFO", "--logging.pattern.console=",
                "--logging.file.name=" + System.getProperty("bench.log", data.resolve("server.log").toString()));
        System.out.printf("server up in %.1f s%n", (System.nanoTime() - started) / 1e9);
        try {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            PreviewCatalogs catalogs = app.getBean(PreviewCatalogs.class);
            TenantId tenant = new TenantId(UUID.randomUUID());

            long t0 = System.nanoTime();
            jdbc.update("""
                    INSERT INTO product_view (product_id, tenant_id, sku, title, vendor, product_type, tags, cost_amount,
                                              cost_currency, channel_refs, active, version, created_at, updated_at)
                    SELECT gen_random_uuid(), ?, 'SKU-' || lpad(i::text, 7, '0'), 'Organic cotton tee ' || i || ', size M',
                           'Vendor ' || (i % 20), 'Type ' || (i % 8), ARRAY['summer', 'tag-' || (i % 10)],
                           5 + i % 50, 'USD',
                           jsonb_build_object('shopify', jsonb_build_object('variantId', 'gid://shopify/ProductVariant/' || i)),
                           true, 1, now(), now()
                    FROM generate_series(1, ?) i""", tenant.value(), products);
            jdbc.update("""
                    INSERT INTO product_price (product_id, currency, tenant_id, amount, compare_at, source, valid_from, event_id)
                    SELECT product_id, 'USD', tenant_id, 10.99 + (hashtext(sku) & 63),
                           CASE WHEN hashtext(sku) % 3 = 0 THEN 80.00 END, 'bench', now(), gen_random_uuid()::text
                    FROM product_view WHERE tenant_id = ?""", tenant.value());
            int history = Integer.getInteger("bench.history", 0);
            if (history > 0) {
                // each product's last `history` price changes, spread over the past 80 days, alternating
                // amounts so that every one is a change the anomaly flags keep
                jdbc.update("""
                        INSERT INTO product_price_history (event_id, product_id, currency, tenant_id, amount, source,
                                                           valid_from)
                        SELECT gen_random_uuid()::text, v.product_id, 'USD', v.tenant_id,
                               10.99 + (hashtext(v.sku) & 63) + (h % 2) * (1 + h % 7), 'bench',
                               now() - interval '80 days' + h * (interval '80 days' / ?)
                        FROM product_view v CROSS JOIN generate_series(0, ? - 1) h
                        WHERE v.tenant_id = ?""", history, history, tenant.value());
                jdbc.execute("ANALYZE product_price_history");
            }
            jdbc.execute("ANALYZE product_view");
            jdbc.execute("ANALYZE product_price");
            System.out.printf("%,d products seeded into the read model in %.1f s, %d price changes each in the last 90"
                    + " days%n", products, (System.nanoTime() - t0) / 1e9, history);

            for (int run = 1; run <= 3; run++) {
                catalogs.evict(tenant);
                long r0 = System.nanoTime();
                CatalogColumns columns = catalogs.snapshot(tenant, Deadline.NONE);
                System.out.printf("rebuild %d: %,d products in %.2f s%n", run, columns.rows(), (System.nanoTime() - r0) / 1e9);
            }
            for (int run = 1; run <= 3; run++) {
                long s0 = System.nanoTime();
                CatalogColumns columns = catalogs.snapshot(tenant, Deadline.NONE);
                long s1 = System.nanoTime();
                int n = 0;
                for (CatalogItem item : columns.items()) n += item.tags().size();
                System.out.printf("held: a preview's copy in %.1f ms, its %,d items made one by one in %.1f ms%n",
                        (s1 - s0) / 1e6, columns.items().size(), (System.nanoTime() - s1) / 1e6, n);
            }
            for (int run = 1; run <= 2; run++) {
                long f0 = System.nanoTime();
                long[] rows = {0};
                jdbc.query("""
                        SELECT v.product_id, v.sku, v.title, v.vendor, v.product_type, v.tags, v.cost_amount,
                               v.cost_currency, ARRAY(SELECT jsonb_object_keys(v.channel_refs)) AS channels, v.active,
                               v.version, p.currency, p.amount, p.compare_at
                        FROM product_view v LEFT JOIN product_price p ON p.product_id = v.product_id
                        WHERE v.tenant_id = ? ORDER BY v.product_id""", rs -> {
                    rows[0]++;
                    for (int c = 1; c <= 14; c++) rs.getString(c);
                }, tenant.value());
                System.out.printf("floor: the same rows read raw over JDBC (one query, no objects): %,d rows in %.2f s%n",
                        rows[0], (System.nanoTime() - f0) / 1e9);
            }

            catalogs.evict(tenant);
            long idle = usedAfterGc();
            catalogs.snapshot(tenant, Deadline.NONE);
            long held = usedAfterGc();
            System.out.printf("heap of the held catalog: %.1f MB measured (%.1f MB estimated by the cache), %d bytes per product%n",
                    (held - idle) / 1e6, catalogs.estimatedBytes() / 1e6, (held - idle) / products);
            CatalogColumns copy = catalogs.snapshot(tenant, Deadline.NONE);
            long withCopy = usedAfterGc();
            System.out.printf("heap of one preview's copy: %.1f MB (%d rows)%n", (withCopy - held) / 1e6, copy.rows());
        } finally {
            app.close();
        }
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
