package dev.calibrate.app.copilot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.copilot.database.CopilotExecutor;
import dev.calibrate.app.copilot.database.ResultTable;
import dev.calibrate.app.copilot.guard.SqlGuard;
import dev.calibrate.app.copilot.translate.EmbeddedTranslator;
import dev.calibrate.app.copilot.translate.Translation;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.DriftResolution;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The copilot's anomalies (copilot.price_anomalies, V40) against GET /api/v1/anomalies on the same seeded
 * history and the same period: a price move unlike the product's others (one in the period, one before
 * it), a price above 6x its 30-day average, prices below cost (a stretch that began before the period and
 * is still below, with a later price in the period; one in the period since corrected; one before the
 * period since corrected), an open drift and a repaired one. A neighbour tenant with anomalies of every
 * kind never shows in the golden tenant's answers, nor the golden tenant's in the neighbour's.
 */
class CopilotAnomaliesTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CopilotExecutor executor;
    @Autowired
    CopilotSettings settings;

    /** "Now" of the questions and the end of the endpoint's period: every event is before it. */
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
    private final EmbeddedTranslator translator = new EmbeddedTranslator(Clock.fixed(now, ZoneOffset.UTC));

    private StoredEvents events;

    /**
     * The view reads one tenant's price history through an index that starts with the tenant: the planner is
     * told to avoid sequential scans, which it still uses where no index could serve (so this fails without
     * V40's product_price_history_tenant, when every tenant's rows were scanned).
     */
    @Test
    void oneTenantsPriceHistoryIsReadByItsIndex() {
        String plan = jdbc.execute((java.sql.Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.execute("SET LOCAL enable_seqscan = off");
                StringBuilder lines = new StringBuilder();
                // the view's own query, for one tenant (this role may not read the copilot views, the copilot's may)
                String view = jdbc.queryForObject("SELECT pg_get_viewdef('copilot.price_anomalies'::regclass)", String.class)
                        .replace("( SELECT copilot.tenant() AS tenant)", "'00000000-0000-0000-0000-000000000001'::uuid");
                assertThat(view).doesNotContain("copilot.tenant()");
                try (var rows = statement.executeQuery("EXPLAIN " + view.replaceAll(";\\s*$", ""))) {
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
        assertThat(plan).contains("product_price_history_tenant").doesNotContain("Seq Scan on product_price_history");
    }

    @Test
    void theCopilotAnswersTheAnomaliesTheEndpointFindsAndNeverAnotherTenants() {
        events = new StoredEvents(eventStore, positions, jdbc);
        Seeded acme = seed("Acme");
        Seeded neighbour = seed("Neighbour");

        // the endpoint's default period and the copilot's: the last 30 days
        Set<String> endpoint = endpoint(acme, now.minus(Duration.ofDays(30)), now, null);
        assertThat(endpoint).as("the seeded anomalies, as the endpoint finds them").hasSize(6);
        assertThat(copilot(acme, "Anomalies in the last 30 days")).isEqualTo(endpoint);
        assertThat(copilot(acme, "Which anomalies are there?")).isEqualTo(endpoint);
        assertThat(copilot(acme, "Products with an anomaly", "sku"))
                .isEqualTo(new TreeSet<>(endpoint.stream().map(item -> item.split("\\|")[0]).toList()));

        // since a day: from its midnight (UTC) to now
        LocalDate day = LocalDate.ofInstant(now.minus(Duration.ofDays(45)), ZoneOffset.UTC);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(copilot(acme, "Anomalies since " + day)).isEqualTo(endpoint(acme, midnight, now, null));
        assertThat(copilot(acme, "Critical anomalies since " + day))
                .isEqualTo(endpoint(acme, midnight, now, "below_cost"));

        // now: the prices below cost, as a period that ends now sees those that began before it
        Set<String> belowNow = endpoint(acme, now.minusSeconds(1), now, "below_cost");
        assertThat(belowNow).hasSize(1);
        assertThat(copilot(acme, "Which prices are below cost?")).isEqualTo(belowNow);

        // a period that ended: price moves only, between two days
        LocalDate first = LocalDate.ofInstant(now.minus(Duration.ofDays(80)), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(now.minus(Duration.ofDays(60)), ZoneOffset.UTC);
        Set<String> oldMoves = endpoint(acme, first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), "price_move");
        assertThat(oldMoves).hasSize(1);
        assertThat(copilot(acme, "Unusual price moves between " + first + " and " + last)).isEqualTo(oldMoves);

        // one product
        assertThat(copilot(acme, "Anomalies of MOVE-1")).hasSize(1).isEqualTo(endpoint(acme, now.minus(Duration.ofDays(30)),
                now, null).stream().filter(item -> item.startsWith("MOVE-1|")).collect(java.util.stream.Collectors.toSet()));

        // the neighbour sees its own, the same kinds at its own skus, and never the golden tenant's
        assertThat(copilot(neighbour, "Anomalies in the last 30 days"))
                .isEqualTo(endpoint(neighbour, now.minus(Duration.ofDays(30)), now, null))
                .allSatisfy(item -> assertThat(item).startsWith("Neighbour-"));
        assertThat(copilot(acme, "Anomalies since " + day)).noneSatisfy(item -> assertThat(item).startsWith("Neighbour-"));
        assertThat(executor.execute(acme.tenant, "SELECT count(*) FROM copilot.price_anomalies WHERE sku LIKE 'Neighbour-%'")
                .rows().get(0).get(0)).isEqualTo(0L);

        // over HTTP: an answer says its period in UTC; a period the view cannot answer for is refused with its reason
        String asker = api.token(acme.token.tenantId(), "copilot:query").token();
        JsonNode answered = api.post("/api/v1/copilot/query", asker, Map.of("question", "Which prices are below cost?"))
                .json();
        assertThat(answered.get("refused").asBoolean()).isFalse();
        assertThat(answered.get("sources")).extracting(JsonNode::asText).containsExactly("price_anomalies");
        assertThat(answered.get("rows")).hasSize(1);
        JsonNode refused = api.post("/api/v1/copilot/query", asker, Map.of("question", "Anomalies last month")).json();
        assertThat(refused.get("refused").asBoolean()).isTrue();
        assertThat(refused.get("rule").asText()).isEqualTo("no-translation");
        assertThat(refused.get("reason").asText()).startsWith("below-cost prices and channel drifts are known only as"
                + " they stand now, not as they stood last month");
        assertThat(refused.get("examples")).isNotEmpty();
        JsonNode noDate = api.post("/api/v1/copilot/query", asker, Map.of("question", "Anomalies since 2026-02-30"))
                .json();
        assertThat(noDate.get("reason").asText()).isEqualTo("'2026-02-30' is not a day of the calendar");
    }

    /**
     * Edge products, compared with the endpoint with their scores: a sample whose MAD is 0 (ten equal moves, then
     * a drop: scored by the mean absolute deviation), a drop that is exactly the tenth change (scored) and one that
     * is the ninth (not), and a price 7x its time-weighted average that a plain average of the prices before it
     * (10 and 100) would not call anomalous.
     */
    @Test
    void edgeProductsHaveTheEndpointsAnomaliesAndScores() {
        events = new StoredEvents(eventStore, positions, jdbc);
        Api.TenantToken token = api.token(api.createTenant("Edges", "USD"), "catalog:read");
        Seeded edges = new Seeded(token, TenantId.parse(token.tenantId()), new HashMap<>());
        Instant origin = now.minus(Duration.ofDays(100));
        ProductId flat = created(edges, "MAD0-1", null, origin);
        for (int i = 0; i <= 10; i++) {
            observed(edges, flat, now.minus(Duration.ofDays(40 - i)), (1 << i) + ".00");
        }
        observed(edges, flat, now.minus(Duration.ofDays(20)), "100.00");
        ProductId tenth = created(edges, "TEN-1", null, origin);
        ProductId ninth = created(edges, "NINE-1", null, origin);
        String[] prices = {"100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00",
                "110.00"};
        for (int i = 0; i < prices.length; i++) {
            observed(edges, tenth, now.minus(Duration.ofDays(25 - i)), prices[i]);
            if (i > 0) {
                observed(edges, ninth, now.minus(Duration.ofDays(25 - i)), prices[i]);
            }
        }
        observed(edges, tenth, now.minus(Duration.ofDays(5)), "17.60");
        ProductId weighted = created(edges, "TW-1", null, origin);
        observed(edges, weighted, now.minus(Duration.ofDays(31)), "10.00");
        observed(edges, weighted, now.minus(Duration.ofDays(1)).minus(Duration.ofHours(1)), "100.00");
        observed(edges, weighted, now.minus(Duration.ofDays(1)), "70.00");
        // NINE-1 drops on its tenth price (its ninth change): too few changes to score
        observed(edges, ninth, now.minus(Duration.ofDays(5)), "17.60");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                executor.execute(edges.tenant, "SELECT count(*) FROM copilot.price_history").rows().get(0).get(0))
                .isEqualTo(36L));

        Set<String> endpoint = scored(edges, now.minus(Duration.ofDays(90)), now);
        assertThat(endpoint).anyMatch(item -> item.startsWith("MAD0-1|price_move|high|") && item.endsWith("|100|8.78"))
                .anyMatch(item -> item.startsWith("TEN-1|price_move|"))
                .anyMatch(item -> item.startsWith("TW-1|above_average|") && item.contains("|70|"))
                .noneMatch(item -> item.startsWith("NINE-1|"));
        Translation translation = translator.translate("Anomalies since "
                + LocalDate.ofInstant(now.minus(Duration.ofDays(89)), ZoneOffset.UTC)).orElseThrow();
        ResultTable table = executor.execute(edges.tenant, new SqlGuard(settings.maxRows()).check(translation.sql()).sql());
        Set<String> copilot = new TreeSet<>();
        for (List<Object> row : table.rows()) {
            java.util.function.Function<String, Object> at = column -> row.get(table.columns().indexOf(column));
            copilot.add(String.join("|", String.valueOf(at.apply("sku")), String.valueOf(at.apply("kind")),
                    String.valueOf(at.apply("severity")), String.valueOf(at.apply("occurred_at")),
                    plain(String.valueOf(at.apply("amount"))), String.valueOf(at.apply("score"))));
        }
        assertThat(copilot).isEqualTo(endpoint);
    }

    /** The endpoint's items as sku|kind|severity|at|amount|score (rounded to 2 places, as the view keeps it). */
    private Set<String> scored(Seeded seeded, Instant from, Instant to) {
        Api.Response response = api.get("/api/v1/anomalies?from=" + from + "&to=" + to + "&size=100", seeded.token.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Set<String> items = new TreeSet<>();
        for (JsonNode item : response.json().get("items")) {
            JsonNode score = item.get("score");
            items.add(String.join("|", seeded.skus.get(item.get("productId").asText()), item.get("kind").asText(),
                    item.get("severity").asText(), Instant.parse(item.get("at").asText()).toString(),
                    plain(item.get("amount").asText()), score == null || score.isNull() ? "null"
                            : BigDecimal.valueOf(score.asDouble()).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()));
        }
        return items;
    }

    private record Seeded(Api.TenantToken token, TenantId tenant, Map<String, String> skus) {
    }

    /** The history (every sku prefixed with the tenant's name but Acme's), once the copilot's views show it. */
    private Seeded seed(String name) {
        Api.TenantToken token = api.token(api.createTenant(name, "USD"), "catalog:read");
        TenantId tenant = TenantId.parse(token.tenantId());
        Seeded seeded = new Seeded(token, tenant, new HashMap<>());
        String prefix = name.equals("Acme") ? "" : name + "-";
        Instant origin = now.minus(Duration.ofDays(100));

        // ten ordinary moves, then a drop of 84 %: in the period, and 70 days ago (before it)
        ProductId move = created(seeded, prefix + "MOVE-1", null, origin);
        ProductId oldMove = created(seeded, prefix + "MOVE-2", null, origin);
        String[] prices = {"100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00", "110.00", "100.00",
                "110.00", "100.00", "17.60"};
        for (int i = 0; i < prices.length; i++) {
            observed(seeded, move, now.minus(Duration.ofDays(24 - i)), prices[i]);
            observed(seeded, oldMove, now.minus(Duration.ofDays(82 - i)), prices[i]);
        }
        // 10 for 30 days, then 70: 7x its average
        ProductId average = created(seeded, prefix + "AVG-1", null, origin);
        observed(seeded, average, now.minus(Duration.ofDays(40)), "10.00");
        observed(seeded, average, now.minus(Duration.ofDays(10)), "70.00");
        // cost 10: below since 40 days ago and lower still 5 days ago; below 20 days ago, corrected 15 days ago;
        // below 50 days ago, corrected 45 days ago
        ProductId stillBelow = created(seeded, prefix + "COST-1", usd("10.00"), origin);
        observed(seeded, stillBelow, now.minus(Duration.ofDays(50)), "12.00");
        observed(seeded, stillBelow, now.minus(Duration.ofDays(40)), "8.00");
        observed(seeded, stillBelow, now.minus(Duration.ofDays(5)), "7.00");
        ProductId corrected = created(seeded, prefix + "COST-2", usd("10.00"), origin);
        observed(seeded, corrected, now.minus(Duration.ofDays(20)), "8.00");
        observed(seeded, corrected, now.minus(Duration.ofDays(15)), "12.00");
        ProductId before = created(seeded, prefix + "COST-3", usd("10.00"), origin);
        observed(seeded, before, now.minus(Duration.ofDays(50)), "8.00");
        observed(seeded, before, now.minus(Duration.ofDays(45)), "12.00");
        // an open drift since 45 days ago (a high one: the channel shows less than half) and a repaired one
        ProductId drift = created(seeded, prefix + "DRIFT-1", null, origin);
        ProductId repaired = created(seeded, prefix + "DRIFT-2", null, origin);
        observed(seeded, drift, now.minus(Duration.ofDays(60)), "25.00");
        observed(seeded, repaired, now.minus(Duration.ofDays(60)), "25.00");
        events.appendAt("Product", drift.toString(), token.tenantId(), "system", now.minus(Duration.ofDays(45)),
                new ChannelPriceDriftDetected(drift, tenant, "shopify", usd("25.00"), usd("9.00"), null));
        events.appendAt("Product", repaired.toString(), token.tenantId(), "system", now.minus(Duration.ofDays(12)),
                new ChannelPriceDriftDetected(repaired, tenant, "shopify", usd("25.00"), usd("20.00"), null),
                new ChannelPriceDriftResolved(repaired, tenant, "shopify", DriftResolution.REPAIRED, usd("25.00")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(List.of(
                        executor.execute(tenant, "SELECT count(*) FROM copilot.price_history").rows().get(0).get(0),
                        executor.execute(tenant, "SELECT count(*) FROM copilot.drifts").rows().get(0).get(0)))
                .containsExactly(35L, 2L));
        return seeded;
    }

    private ProductId created(Seeded seeded, String sku, Money cost, Instant at) {
        ProductId product = ProductId.forSku(seeded.tenant, sku);
        seeded.skus.put(product.toString(), sku);
        events.appendAt("Product", product.toString(), seeded.token.tenantId(), "system", at,
                new ProductCreated(product, seeded.tenant, sku, new ProductDetails("Item " + sku, "Acme", null, List.of(),
                        cost, Map.of()), true));
        return product;
    }

    private void observed(Seeded seeded, ProductId product, Instant at, String usd) {
        events.appendAt("Product", product.toString(), seeded.token.tenantId(), "system", at,
                new ProductPriceObserved(product, seeded.tenant, usd(usd), null, "api"));
    }

    /** The endpoint's items as sku|kind|severity|currency|at|amount. */
    private Set<String> endpoint(Seeded seeded, Instant from, Instant to, String kind) {
        Api.Response response = api.get("/api/v1/anomalies?from=" + from + "&to=" + to + "&size=100"
                + (kind == null ? "" : "&kind=" + kind), seeded.token.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Set<String> items = new TreeSet<>();
        for (JsonNode item : response.json().get("items")) {
            items.add(String.join("|", seeded.skus.get(item.get("productId").asText()), item.get("kind").asText(),
                    item.get("severity").asText(), item.get("currency").asText(),
                    Instant.parse(item.get("at").asText()).toString(), plain(item.get("amount").asText())));
        }
        return items;
    }

    /** The copilot's rows for the question, the same way, or the columns named. */
    private Set<String> copilot(Seeded seeded, String question, String... columns) {
        Translation translation = translator.translate(question).orElseThrow(() -> new AssertionError(question));
        ResultTable table = executor.execute(seeded.tenant, new SqlGuard(settings.maxRows()).check(translation.sql()).sql());
        List<String> named = columns.length > 0 ? List.of(columns)
                : List.of("sku", "kind", "severity", "currency", "occurred_at", "amount");
        Set<String> rows = new TreeSet<>();
        for (List<Object> row : table.rows()) {
            rows.add(String.join("|", named.stream().map(column -> {
                Object value = row.get(table.columns().indexOf(column));
                return column.equals("amount") ? plain(String.valueOf(value)) : String.valueOf(value);
            }).toList()));
        }
        return rows;
    }

    private static String plain(String amount) {
        return new BigDecimal(amount).stripTrailingZeros().toPlainString();
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }
}
