import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.command.anomaly.PreviewAnomalies;
import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
                asOwner(jdbc, "ANALYZE product_price_history");
                if ("true".equals(System.getProperty("bench.vacuum"))) {
                    // what autovacuum does to a table once enough rows were inserted: the visibility map that
                    // lets an index-only scan skip the heap
                    long v0 = System.nanoTime();
                    asOwner(jdbc, "VACUUM (ANALYZE) product_price_history");
                    System.out.printf("VACUUM (ANALYZE) product_price_history in %.1f s%n", (System.nanoTime() - v0) / 1e9);
                }
                visibility(jdbc, "after seeding");
            }
            // as the owner: the pool's worker role may not analyze these tables (PostgreSQL skips them with a warning)
            asOwner(jdbc, "ANALYZE product_view", "ANALYZE product_price");
            System.out.printf("%,d products seeded into the read model in %.1f s, %d price changes each in the last 90"
                    + " days%n", products, (System.nanoTime() - t0) / 1e9, history);

            for (int run = 1; run <= 3; run++) {
                catalogs.evict(tenant);
                long r0 = System.nanoTime();
                CatalogColumns columns = catalogs.snapshot(tenant, Deadline.NONE);
                System.out.printf("rebuild %d: %,d products in %.2f s%n", run, columns.rows(), (System.nanoTime() - r0) / 1e9);
            }
            if (history > 0) {
                visibility(jdbc, "after the rebuilds");
                explainLatePage(jdbc, tenant, products);
                if ("after".equals(System.getProperty("bench.vacuum"))) {
                    // the same rebuilds again once the table is vacuumed, as autovacuum leaves it
                    long v0 = System.nanoTime();
                    asOwner(jdbc, "VACUUM (ANALYZE) product_price_history");
                    System.out.printf("VACUUM (ANALYZE) product_price_history in %.1f s%n", (System.nanoTime() - v0) / 1e9);
                    visibility(jdbc, "after the vacuum");
                    for (int run = 1; run <= 3; run++) {
                        catalogs.evict(tenant);
                        long r0 = System.nanoTime();
                        CatalogColumns columns = catalogs.snapshot(tenant, Deadline.NONE);
                        System.out.printf("rebuild %d after the vacuum: %,d products in %.2f s%n", run, columns.rows(),
                                (System.nanoTime() - r0) / 1e9);
                    }
                    explainLatePage(jdbc, tenant, products);
                }
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
            if (history > 0) {
                judgeEveryItem(catalogs.snapshot(tenant, Deadline.NONE));
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
            if (Boolean.getBoolean("bench.index-build")) {
                // what V43's CREATE INDEX costs on this table (as the owner, like the migration)
                long i0 = System.nanoTime();
                asOwner(jdbc, "CREATE INDEX bench_history_build ON product_price_history (product_id, currency, valid_from)"
                        + " INCLUDE (amount, event_id)");
                System.out.printf("CREATE INDEX (product_id, currency, valid_from) INCLUDE (amount, event_id) over %,d"
                        + " rows: %.1f s, %s%n", jdbc.queryForObject("SELECT count(*) FROM product_price_history", Long.class),
                        (System.nanoTime() - i0) / 1e9, jdbc.queryForObject(
                                "SELECT pg_size_pretty(pg_relation_size('bench_history_build'))", String.class));
            }
        } finally {
            app.close();
        }
    }

    /** Statements run as the owner the worker pool's connections log in as, then back to the worker role. */
    static void asOwner(JdbcTemplate jdbc, String... statements) {
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (Statement st = c.createStatement()) {
                st.execute("RESET ROLE");
                try {
                    for (String statement : statements) st.execute(statement);
                } finally {
                    st.execute("SET ROLE calibrate_worker");
                }
            }
            return null;
        });
    }

    /** How much of the history heap the visibility map calls all-visible, and when autovacuum last ran. */
    static void visibility(JdbcTemplate jdbc, String when) {
        jdbc.query("""
                SELECT pg_relation_size(c.oid) / 8192, c.relallvisible, s.n_ins_since_vacuum, s.last_autovacuum, s.last_vacuum
                FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
                WHERE c.relname = 'product_price_history'""", rs -> {
            System.out.printf("product_price_history %s: %,d heap pages, %,d all-visible; %,d rows inserted since a vacuum;"
                    + " last autovacuum %s, last vacuum %s%n", when, rs.getLong(1), rs.getLong(2), rs.getLong(3),
                    rs.getString(4), rs.getString(5));
        });
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of a late page of the rebuild (the page after product n-5,000), the statement
     * CatalogSnapshots runs for FindCatalogEntries with recent prices, as the worker role runs it.
     */
    static void explainLatePage(JdbcTemplate jdbc, TenantId tenant, int products) {
        UUID after = jdbc.queryForObject("SELECT product_id FROM product_view WHERE tenant_id = ? ORDER BY product_id"
                + " OFFSET ? LIMIT 1", UUID.class, tenant.value(), Math.max(0, products - 5_001));
        Timestamp since = Timestamp.from(Instant.now().minus(Duration.ofDays(90)));
        List<String> plan = jdbc.queryForList("""
                EXPLAIN (ANALYZE, BUFFERS)
                WITH page AS MATERIALIZED (SELECT * FROM product_view WHERE tenant_id = ? AND product_id > ?
                                           ORDER BY product_id LIMIT 5000),
                     page_price AS MATERIALIZED (SELECT p.* FROM product_price p
                                                 WHERE p.product_id = ANY (ARRAY(SELECT product_id FROM page)))
                SELECT v.product_id, v.sku, v.title, v.vendor, v.product_type, v.tags, v.cost_amount, v.cost_currency,
                       ARRAY(SELECT jsonb_object_keys(v.channel_refs)) AS channels, v.active, v.version,
                       v.channel_refs->'shopify'->>'productId' AS channel_group,
                       p.currency, p.amount, p.compare_at, NULL::timestamptz AS valid_from, NULL::varchar AS event_id
                FROM page v LEFT JOIN page_price p ON p.product_id = v.product_id
                UNION ALL
                SELECT h.product_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                       h.currency, h.amount, NULL, h.valid_from, h.event_id
                FROM product_price_history h
                WHERE h.product_id = ANY (ARRAY(SELECT product_id FROM page)) AND h.valid_from > ?
                UNION ALL
                SELECT p.product_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                       p.currency, held.amount, NULL, held.valid_from, held.event_id
                FROM page_price p CROSS JOIN LATERAL (
                    SELECT h.amount, h.valid_from, h.event_id FROM product_price_history h
                    WHERE h.product_id = p.product_id AND h.currency = p.currency AND h.valid_from <= ?
                    ORDER BY h.valid_from DESC, h.event_id DESC LIMIT 1) held
                ORDER BY product_id, valid_from NULLS FIRST, event_id""", String.class,
                tenant.value(), after, since, since);
        System.out.println("EXPLAIN (ANALYZE, BUFFERS) of a late page (after product " + (products - 5_000) + "):");
        plan.forEach(line -> System.out.println("  " + line));
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * What judging a preview's proposed prices for anomalies costs (issue 16, item 8): every held item
     * judged at three proposals, as the compiled rule judges an item that would change, with the
     * catalog's kept changes and earlier prices. −5 % passes the quick checks (a move under the floor,
     * far below 6× any price); −60 % is a move past the floor, scored against the product's changes;
     * ×7 is past the floor and above 6× every kept price, so the 30-day average is summed and both
     * flags are written out: the worst case, every item flagged.
     */
    static void judgeEveryItem(CatalogColumns columns) {
        PreviewAnomalies anomalies = new PreviewAnomalies(0.10, Instant.now());
        int usd = columns.currencyCode("USD");
        int scale = columns.scale(usd);
        for (String factor : new String[]{"0.95", "0.40", "7"}) {
            BigDecimal by = new BigDecimal(factor);
            for (int run = 1; run <= 3; run++) {
                long j0 = System.nanoTime();
                long flagged = 0;
                long anomaliesFound = 0;
                for (int row = 0; row < columns.rows(); row++) {
                    long price = columns.unscaledPrice(row, usd);
                    if (price == CatalogColumns.ABSENT) continue;
                    BigDecimal current = BigDecimal.valueOf(price, scale);
                    BigDecimal proposed = current.multiply(by).setScale(scale, RoundingMode.HALF_EVEN);
                    BigDecimal cost = columns.costCurrencyCode(row) == usd && columns.unscaledCost(row) != CatalogColumns.ABSENT
                            ? BigDecimal.valueOf(columns.unscaledCost(row), scale) : null;
                    List<ProposedAnomaly> found = anomalies.of(columns, row, usd, "USD", current, proposed, cost);
                    if (!found.isEmpty()) flagged++;
                    anomaliesFound += found.size();
                }
                System.out.printf("anomalies at ×%s, run %d: %,d items judged in %.1f ms, %,d flagged (%,d anomalies)%n",
                        factor, run, columns.rows(), (System.nanoTime() - j0) / 1e6, flagged, anomaliesFound);
            }
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
