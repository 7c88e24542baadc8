package dev.calibrate.app.catalog;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogEntry.PricePoint;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogEntries;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FindCatalogEntries} with {@code pricesSince}: the recent prices a page reads set-based (the
 * page's history window in one scan, merged in Java) are exactly what the per-product {@code LATERAL}
 * statement it replaced answered, kept here as the oracle, on the edge cases of the rules: a price
 * unchanged across the window's start, equal amounts in a row (also written at another scale), more
 * changes than the sample keeps, two currencies and one without a current price, equal instants
 * ordered by event id, a product whose history all precedes the window, and products with no history
 * or no price at all. The read model is seeded with SQL, as a rebuild reads nothing else. And the
 * covering index (V43) serves both of the page's history reads without the table.
 */
class CatalogEntriesRecentPricesTest extends IntegrationTest {

    /** The statement {@code CatalogSnapshots} used until 2026-12-05, verbatim but for its columns. */
    private static final String ORACLE = """
            SELECT v.product_id, p.currency, r.amounts AS recent_amounts, r.valid_froms AS recent_at
            FROM (SELECT * FROM product_view
                  WHERE tenant_id = ? AND (CAST(? AS uuid) IS NULL OR product_id > ?)
                  ORDER BY product_id LIMIT ?) v
            LEFT JOIN product_price p ON p.product_id = v.product_id
            LEFT JOIN LATERAL (
                SELECT array_agg(h.amount ORDER BY h.valid_from, h.event_id) AS amounts,
                       array_agg(h.valid_from ORDER BY h.valid_from, h.event_id) AS valid_froms
                FROM (SELECT amount, valid_from, event_id
                      FROM (SELECT amount, valid_from, event_id,
                                   lag(amount) OVER (ORDER BY valid_from, event_id) AS previous
                            FROM (SELECT amount, valid_from, event_id FROM product_price_history
                                  WHERE product_id = v.product_id AND currency = p.currency AND valid_from > ?
                                  UNION ALL
                                  (SELECT amount, valid_from, event_id FROM product_price_history
                                   WHERE product_id = v.product_id AND currency = p.currency AND valid_from <= ?
                                   ORDER BY valid_from DESC, event_id DESC LIMIT 1)) held) changed
                      WHERE amount IS DISTINCT FROM previous
                      ORDER BY valid_from DESC, event_id DESC LIMIT ?) h) r ON true
            ORDER BY v.product_id""";

    private static final Instant SINCE = Instant.parse("2026-09-01T00:00:00Z");

    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcTemplate jdbc;

    private TenantId tenant;
    private UUID acrossStart;
    private UUID many;
    private UUID twoCurrencies;
    private UUID beforeOnly;
    private UUID noHistory;
    private UUID noPrice;

    @BeforeEach
    void catalog() {
        tenant = new TenantId(UUID.randomUUID());
        // 10.00 held at the start (set twice before it) and set again just after it: no change; then
        // 11 twice (once as 11.0), 12, two rows at one instant ordered by event id, and 12 again
        acrossStart = product("ACROSS", Map.of("USD", "12.00"));
        history(acrossStart, "USD", "10.00", SINCE.minus(Duration.ofDays(30)), "a-1");
        history(acrossStart, "USD", "10.00", SINCE.minus(Duration.ofDays(5)), "a-2");
        history(acrossStart, "USD", "10.00", SINCE.plus(Duration.ofDays(1)), "a-3");
        history(acrossStart, "USD", "11.00", SINCE.plus(Duration.ofDays(2)), "a-4");
        history(acrossStart, "USD", "11.0", SINCE.plus(Duration.ofDays(3)), "a-5");
        history(acrossStart, "USD", "13.00", SINCE.plus(Duration.ofDays(4)), "a-7");
        history(acrossStart, "USD", "12.00", SINCE.plus(Duration.ofDays(4)), "a-6");
        history(acrossStart, "USD", "12.00", SINCE.plus(Duration.ofDays(5)), "a-8");
        // 300 alternating prices in the window, after one that held at the start
        many = product("MANY", Map.of("USD", "20.00"));
        history(many, "USD", "19.00", SINCE.minus(Duration.ofDays(1)), "m-000");
        for (int i = 1; i <= 300; i++) {
            history(many, "USD", i % 2 == 0 ? "20.00" : "21.00", SINCE.plus(Duration.ofMinutes(i)),
                    String.format("m-%03d", i));
        }
        // USD and EUR each their own moves; GBP has history but no current price, so no recent prices
        twoCurrencies = product("TWO", Map.of("USD", "30.00", "EUR", "28.00"));
        history(twoCurrencies, "USD", "29.00", SINCE.plus(Duration.ofDays(1)), "t-1");
        history(twoCurrencies, "USD", "30.00", SINCE.plus(Duration.ofDays(2)), "t-2");
        history(twoCurrencies, "EUR", "27.00", SINCE.minus(Duration.ofDays(9)), "t-3");
        history(twoCurrencies, "EUR", "28.00", SINCE.plus(Duration.ofDays(3)), "t-4");
        history(twoCurrencies, "GBP", "25.00", SINCE.plus(Duration.ofDays(3)), "t-5");
        beforeOnly = product("BEFORE", Map.of("USD", "40.00"));
        history(beforeOnly, "USD", "39.00", SINCE.minus(Duration.ofDays(60)), "b-1");
        history(beforeOnly, "USD", "40.00", SINCE.minus(Duration.ofDays(50)), "b-2");
        noHistory = product("NO-HISTORY", Map.of("USD", "50.00"));
        noPrice = product("NO-PRICE", Map.of());
        history(noPrice, "USD", "60.00", SINCE.plus(Duration.ofDays(1)), "n-1");
    }

    @Test
    void recentPricesAreThoseTheLateralStatementAnsweredOnEveryPage() {
        for (int pageSize : new int[]{1, 2, 4, 100}) {
            Map<UUID, Map<String, List<PricePoint>>> read = new HashMap<>();
            Map<UUID, Map<String, List<PricePoint>>> oracle = new HashMap<>();
            ProductId after = null;
            List<CatalogEntry> page;
            do {
                page = entries(after, pageSize);
                for (CatalogEntry entry : page) {
                    read.put(entry.item().productId().value(), entry.recentPrices());
                }
                oracle.putAll(oracle(after, pageSize));
                after = page.isEmpty() ? null : page.get(page.size() - 1).item().productId();
            } while (page.size() == pageSize);

            assertThat(read).as("page size %d", pageSize).hasSize(6).isEqualTo(oracle);
        }
    }

    @Test
    void theRulesHoldOnTheEdgeCases() {
        Map<UUID, Map<String, List<PricePoint>>> read = new HashMap<>();
        entries(null, 100).forEach(entry -> read.put(entry.item().productId().value(), entry.recentPrices()));

        assertThat(read.get(acrossStart).get("USD")).extracting(p -> p.amount().stripTrailingZeros().toPlainString())
                .containsExactly("10", "11", "12", "13", "12");
        assertThat(read.get(acrossStart).get("USD").get(0).at()).isEqualTo(SINCE.minus(Duration.ofDays(5)));
        List<PricePoint> many = read.get(this.many).get("USD");
        assertThat(many).hasSize(PriceMoves.MAX_SAMPLE);
        assertThat(many.get(many.size() - 1).at()).isEqualTo(SINCE.plus(Duration.ofMinutes(300)));
        assertThat(many.get(0).at()).isEqualTo(SINCE.plus(Duration.ofMinutes(300 - PriceMoves.MAX_SAMPLE + 1)));
        assertThat(read.get(twoCurrencies)).containsOnlyKeys("USD", "EUR");
        assertThat(read.get(twoCurrencies).get("EUR")).hasSize(2);
        assertThat(read.get(beforeOnly).get("USD")).extracting(PricePoint::at)
                .containsExactly(SINCE.minus(Duration.ofDays(50)));
        assertThat(read.get(noHistory)).isEmpty();
        assertThat(read.get(noPrice)).isEmpty();
    }

    /**
     * V43's index covers the page's two reads of the history (its window by {@code product_id = ANY}, and the
     * row that held at the window's start), as {@code CatalogSnapshots} writes them: both plan as index-only
     * scans of it, so once vacuum has marked the heap all-visible a page reads its own part of the index and
     * not the table. Sequential and bitmap scans are turned off, which the planner prefers for so few rows;
     * without {@code INCLUDE (amount, event_id)} the plans would be plain index scans, reading the heap.
     */
    @Test
    void aPagesHistoryReadsAreCoveredByTheIndex() {
        String plan = jdbc.execute((java.sql.Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.execute("SET LOCAL enable_seqscan = off");
                statement.execute("SET LOCAL enable_bitmapscan = off");
                StringBuilder lines = new StringBuilder();
                try (var rows = statement.executeQuery("""
                        EXPLAIN
                        WITH page AS MATERIALIZED (SELECT * FROM product_view WHERE tenant_id = '%s'
                                                   ORDER BY product_id LIMIT 100),
                             page_price AS MATERIALIZED (SELECT p.* FROM product_price p
                                                         WHERE p.product_id = ANY (ARRAY(SELECT product_id FROM page)))
                        SELECT h.product_id, h.currency, h.amount, h.valid_from, h.event_id
                        FROM product_price_history h
                        WHERE h.product_id = ANY (ARRAY(SELECT product_id FROM page)) AND h.valid_from > '%s'
                        UNION ALL
                        SELECT p.product_id, p.currency, held.amount, held.valid_from, held.event_id
                        FROM page_price p CROSS JOIN LATERAL (
                            SELECT h.amount, h.valid_from, h.event_id FROM product_price_history h
                            WHERE h.product_id = p.product_id AND h.currency = p.currency AND h.valid_from <= '%s'
                            ORDER BY h.valid_from DESC, h.event_id DESC LIMIT 1) held
                        ORDER BY product_id, valid_from, event_id""".formatted(tenant.value(), SINCE, SINCE))) {
                    while (rows.next()) {
                        lines.append(rows.getString(1)).append('\n');
                    }
                }
                return lines.toString();
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        });
        assertThat(plan.lines().filter(line -> line.contains("on product_price_history")))
                .hasSize(2)
                .allMatch(line -> line.contains("Index Only Scan") && line.contains("product_price_history_covering"));
    }

    private List<CatalogEntry> entries(ProductId after, int limit) {
        return queries.query(new FindCatalogEntries(tenant, after, limit, SINCE),
                ResponseTypes.multipleInstancesOf(CatalogEntry.class)).join();
    }

    private Map<UUID, Map<String, List<PricePoint>>> oracle(ProductId after, int limit) {
        UUID afterId = after == null ? null : after.value();
        Map<UUID, Map<String, List<PricePoint>>> answer = new HashMap<>();
        Timestamp since = Timestamp.from(SINCE);
        jdbc.query(ORACLE, rs -> {
            UUID productId = rs.getObject("product_id", UUID.class);
            Map<String, List<PricePoint>> recent = answer.computeIfAbsent(productId, id -> new HashMap<>());
            java.sql.Array amounts = rs.getArray("recent_amounts");
            if (amounts == null) {
                return;
            }
            BigDecimal[] amountValues = (BigDecimal[]) amounts.getArray();
            Timestamp[] at = (Timestamp[]) rs.getArray("recent_at").getArray();
            List<PricePoint> points = new ArrayList<>();
            for (int i = 0; i < amountValues.length; i++) {
                points.add(new PricePoint(amountValues[i], at[i].toInstant()));
            }
            recent.put(rs.getString("currency").trim(), points);
        }, tenant.value(), afterId, afterId, limit, since, since, PriceMoves.MAX_SAMPLE);
        return answer;
    }

    private UUID product(String sku, Map<String, String> prices) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO product_view (product_id, tenant_id, sku, title, vendor, product_type, tags, cost_amount,
                                          cost_currency, channel_refs, active, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'Vendor', 'Type', ARRAY['tag'], 5, 'USD', '{}'::jsonb, true, 1, now(), now())""",
                id, tenant.value(), sku, "Item " + sku);
        prices.forEach((currency, amount) -> jdbc.update("""
                INSERT INTO product_price (product_id, currency, tenant_id, amount, source, valid_from, event_id)
                VALUES (?, ?, ?, ?, 'test', now(), ?)""", id, currency, tenant.value(), new BigDecimal(amount),
                UUID.randomUUID().toString()));
        return id;
    }

    private void history(UUID product, String currency, String amount, Instant at, String eventId) {
        jdbc.update("""
                INSERT INTO product_price_history (event_id, product_id, currency, tenant_id, amount, source, valid_from)
                VALUES (?, ?, ?, ?, ?, 'test', ?)""", tenant.value() + "-" + eventId, product, currency,
                tenant.value(), new BigDecimal(amount), Timestamp.from(at));
    }
}
