package dev.calibrate.app.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.competitor.CompetitorSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.competitor.CompetitorSteps.seen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A saved rule replayed over three past days (issue 20 item 9): each day's proposals are what a preview of
 * the rule would have proposed over the prices and competitor prices of that day, worked out by hand below.
 */
class RuleSimulationTest extends IntegrationTest {

    /** The lowest fresh competitor price (fresh: observed within 24 hours), as it is. */
    static final Map<String, Object> MATCH_LOWEST = Map.of(
            "selector", Map.of("field", "tags", "op", "contains", "value", "sim"),
            "transform", List.of(Map.of("op", "match_competitor", "strategy", "lowest", "offsetPercent", 0,
                    "maxAgeHours", 24)),
            "currency", "USD");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private StoredEvents events;
    private Api.TenantToken acme;
    private TenantId tenant;
    private LocalDate d1;
    private LocalDate d2;
    private LocalDate d3;
    private String ruleId;

    @BeforeEach
    void threeDaysOfHistory() {
        events = new StoredEvents(eventStore, positions, jdbc);
        acme = api.newTenant("Simulation " + UUID.randomUUID());
        tenant = TenantId.parse(acme.tenantId());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        d1 = today.minusDays(4);
        d2 = today.minusDays(3);
        d3 = today.minusDays(2);
        Instant longAgo = at(d1.minusDays(10), 9);
        ProductId a = product("SIM-A", "sim", longAgo);
        observed(a, at(d1.minusDays(5), 9), "100.00");
        observed(a, at(d2, 12), "90.00");
        ProductId b = product("SIM-B", "sim", longAgo);
        observed(b, at(d1.minusDays(5), 9), "50.00");
        ProductId c = product("SIM-C", "sim", at(d3, 12));
        observed(c, at(d3, 12), "20.00");
        ProductId other = product("OTHER", "other", longAgo);
        observed(other, at(d1.minusDays(5), 9), "30.00");

        CompetitorSteps competitors = new CompetitorSteps(api);
        String bolt = competitors.register(acme.token(), "Bolt", "bolt.example");
        api.get("/api/v1/products?size=1", acme.token(), EventPositions.WAIT_HEADER, Long.toString(positions.head()));
        competitors.observe(acme.token(), bolt, List.of(
                seen("SIM-A", "95.00", at(d1, 10)), seen("SIM-A", "92.00", at(d2, 10)),
                seen("SIM-B", "48.00", at(d1, 12)), seen("SIM-B", "52.00", at(d3, 8)),
                seen("SIM-C", "19.00", at(d3, 9))));
        EventProcessors.awaitCaughtUp(api, "catalog", "competitors");

        Api.Response created = api.post("/api/v1/rules", acme.token(), Map.of("name", "Match", "rule", MATCH_LOWEST));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ruleId = created.json().get("id").asText();
    }

    @Test
    void eachDayProposesWhatAPreviewWouldHaveProposedThenAndNothingIsWritten() {
        long eventsBefore = eventCount();

        JsonNode done = finished(simulate(Map.of("from", d1.toString(), "to", d3.toString())));

        assertThat(done.get("state").asText()).isEqualTo("DONE");
        assertThat(done.get("daysDone").asInt()).isEqualTo(3);
        assertThat(done.get("daysTotal").asInt()).isEqualTo(3);
        assertThat(done.get("version").asInt()).isEqualTo(1);
        assertThat(done.get("timeZone").asText()).isEqualTo("UTC");
        JsonNode days = done.get("days");
        assertThat(days).extracting(day -> day.get("date").asText())
                .containsExactly(d1.toString(), d2.toString(), d3.toString());
        assertThat(Instant.parse(days.at("/0/evaluatedAt").asText()))
                .isEqualTo(d2.atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1000));

        // day 1: A 100.00 against Bolt's 95.00, B 50.00 against 48.00; C does not exist yet; OTHER is not selected
        assertDay(days.get(0), 3, 2, 2, "-4.50", counts(0, 0, 2, 1), counts(2, 0, 0, 1));
        assertThat(items(done, d1)).containsExactly(
                "SIM-A 100.00 -> 95.00 CHANGE vs 95.00", "SIM-B 50.00 -> 48.00 CHANGE vs 48.00");
        // day 2: A was repriced to 90.00 at noon and Bolt now asks 92.00; B's observation is 36 hours old
        assertDay(days.get(1), 3, 2, 1, "2.22", counts(1, 0, 0, 2), counts(1, 0, 0, 2));
        // only what would have moved is stored: B, skipped, is in the day's counts alone
        assertThat(items(done, d2)).containsExactly("SIM-A 90.00 -> 92.00 CHANGE vs 92.00");
        // day 3: A's observation is 38 hours old; B is seen at 52.00; C exists since noon at 20.00 against 19.00
        assertDay(days.get(2), 4, 3, 2, "-0.50", counts(1, 0, 1, 2), counts(2, 0, 0, 2));
        assertThat(items(done, d3)).containsExactly(
                "SIM-B 50.00 -> 52.00 CHANGE vs 52.00", "SIM-C 20.00 -> 19.00 CHANGE vs 19.00");

        assertThat(eventCount()).as("events written by the simulation").isEqualTo(eventsBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM price_change_view WHERE tenant_id = ?", Long.class,
                tenant.value())).isZero();
        assertThat(jdbc.queryForList("SELECT v.sku || ' ' || p.amount FROM product_view v JOIN product_price p"
                + " ON p.product_id = v.product_id WHERE v.tenant_id = ? ORDER BY v.sku", String.class, tenant.value()))
                .containsExactly("OTHER 30.000000", "SIM-A 90.000000", "SIM-B 50.000000", "SIM-C 20.000000");
    }

    @Test
    void aDayIsPagedInSkuOrder() {
        JsonNode done = finished(simulate(Map.of("from", d3.toString(), "to", d3.toString())));
        String path = "/api/v1/rules/" + ruleId + "/simulations/" + done.get("id").asText() + "/days/" + d3 + "/items";

        JsonNode first = api.get(path + "?size=1", acme.token()).json();
        JsonNode second = api.get(path + "?size=1&after=" + first.get("nextAfter").asText(), acme.token()).json();

        // SIM-A, skipped that day, is not stored
        assertThat(first.get("items")).extracting(i -> i.get("sku").asText()).containsExactly("SIM-B");
        assertThat(second.get("items")).extracting(i -> i.get("sku").asText()).containsExactly("SIM-C");
        assertThat(second.path("nextAfter").isMissingNode() || second.get("nextAfter").isNull()).isTrue();
    }

    private JsonNode simulate(Map<String, Object> body) {
        Api.Response started = api.post("/api/v1/rules/" + ruleId + "/simulate", acme.token(), body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.header("Location"))
                .isEqualTo("/api/v1/rules/" + ruleId + "/simulations/" + started.json().get("id").asText());
        return started.json();
    }

    private JsonNode finished(JsonNode started) {
        String path = "/api/v1/rules/" + ruleId + "/simulations/" + started.get("id").asText();
        JsonNode[] view = new JsonNode[1];
        await("the simulation ends").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Response read = api.get(path, acme.token());
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            view[0] = read.json();
            assertThat(view[0].get("daysDone").asInt()).isEqualTo(view[0].get("days").size());
            return !view[0].get("state").asText().equals("RUNNING");
        });
        return view[0];
    }

    private List<String> items(JsonNode simulation, LocalDate day) {
        Api.Response page = api.get("/api/v1/rules/" + ruleId + "/simulations/" + simulation.get("id").asText()
                + "/days/" + day + "/items", acme.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return java.util.stream.StreamSupport.stream(page.json().get("items").spliterator(), false)
                .map(i -> i.get("sku").asText() + " " + i.at("/priceThen/amount").asText() + " -> "
                        + amount(i.get("proposedPrice")) + " " + i.get("status").asText() + " vs "
                        + amount(i.get("competitorLowest")))
                .toList();
    }

    private static String amount(JsonNode money) {
        return money == null || money.isNull() ? "null" : money.get("amount").asText();
    }

    private static void assertDay(JsonNode day, int products, int priced, int changes, String average,
                                  Map<String, Integer> before, Map<String, Integer> after) {
        assertThat(day.get("products").asInt()).as("products").isEqualTo(products);
        assertThat(day.get("priced").asInt()).as("priced").isEqualTo(priced);
        assertThat(day.get("changes").asInt()).as("changes").isEqualTo(changes);
        assertThat(day.get("averageChangePercent").decimalValue()).isEqualByComparingTo(new BigDecimal(average));
        assertThat(positionsOf(day.get("positionBefore"))).as("before").isEqualTo(before);
        assertThat(positionsOf(day.get("positionAfter"))).as("after").isEqualTo(after);
    }

    private static Map<String, Integer> counts(int cheapest, int inBand, int mostExpensive, int noData) {
        return Map.of("cheapest", cheapest, "inBand", inBand, "mostExpensive", mostExpensive, "noData", noData);
    }

    private static Map<String, Integer> positionsOf(JsonNode node) {
        Map<String, Integer> counts = new HashMap<>();
        node.fields().forEachRemaining(field -> counts.put(field.getKey(), field.getValue().asInt()));
        return counts;
    }

    /** The events of the tenant's products and rule, and every price change's (no other writer runs meanwhile). */
    private long eventCount() {
        List<String> aggregates = new java.util.ArrayList<>(List.of(ruleId));
        for (String sku : List.of("SIM-A", "SIM-B", "SIM-C", "OTHER")) {
            aggregates.add(ProductId.forSku(tenant, sku).toString());
        }
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ANY (?)"
                        + " OR payloadtype LIKE '%PriceChange%'", Long.class,
                (Object) aggregates.toArray(new String[0]));
    }

    private ProductId product(String sku, String tag, Instant createdAt) {
        ProductId product = ProductId.forSku(tenant, sku);
        events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), createdAt,
                new ProductCreated(product, tenant, sku, new ProductDetails("Item " + sku, "Acme", null,
                        List.of(tag), null, Map.of()), true));
        return product;
    }

    private void observed(ProductId product, Instant at, String usd) {
        events.appendAt("Product", product.toString(), acme.tenantId(), acme.tokenId(), at,
                new ProductPriceObserved(product, tenant, new Money(new BigDecimal(usd), "USD"), null, "api"));
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(LocalTime.of(hour, 0)).toInstant(ZoneOffset.UTC);
    }
}
