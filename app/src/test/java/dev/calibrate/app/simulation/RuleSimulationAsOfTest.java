package dev.calibrate.app.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.simulation.SimulationSteps.details;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulation takes the catalog and the policy as they were at each day's end, not as they are now: a cost
 * raised, a MAP set, a product deactivated and a guardrail tightened within the range each count from their day
 * on only. Worked out by hand below; today every product of the golden case would be blocked or left out.
 */
class RuleSimulationAsOfTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private SimulationSteps steps;
    private LocalDate today;

    @BeforeEach
    void aTenant() {
        steps = new SimulationSteps(api, new StoredEvents(eventStore, positions, jdbc),
                api.newTenant("Simulation as of " + UUID.randomUUID()));
        today = LocalDate.now(ZoneOffset.UTC);
    }

    @Test
    void costsFloorsTheActiveFlagAndThePolicyAreTakenAsOfEachDay() {
        LocalDate d1 = today.minusDays(4);
        LocalDate d2 = today.minusDays(3);
        LocalDate d3 = today.minusDays(2);
        Instant longAgo = at(d1.minusDays(10), 9);
        steps.tenantEvent(longAgo, new TenantPolicyChanged(steps.tenantId, policy(15)));
        ProductId cost = steps.product("P-COST", details("asof", "70.00"), longAgo);
        ProductId map = steps.product("P-MAP", details("asof", null), longAgo);
        ProductId gone = steps.product("P-GONE", details("asof", null), longAgo);
        ProductId plain = steps.product("P-PLAIN", details("asof", null), longAgo);
        for (ProductId product : List.of(cost, map, gone, plain)) steps.observed(product, at(d1.minusDays(5), 9), "100.00");
        // day 2 at noon: the cost rises, a MAP is set, a product is deactivated; day 3 at noon: the policy tightens
        steps.append(cost, at(d2, 12), new ProductDetailsChanged(cost, steps.tenantId, details("asof", "80.00"),
                List.of("cost")));
        steps.append(map, at(d2, 12), new ProductBrandFloorsSet(map, steps.tenantId, "USD",
                new BrandFloors(new Money(new BigDecimal("95.00"), "USD"), null, null, null, null)));
        steps.append(gone, at(d2, 12), new ProductDeactivated(gone, steps.tenantId));
        steps.tenantEvent(at(d3, 12), new TenantPolicyChanged(steps.tenantId, policy(5)));
        steps.rule("asof", -10);
        api.get("/api/v1/products?size=1", steps.tenant.token(), EventPositions.WAIT_HEADER,
                Long.toString(positions.head()));

        JsonNode done = steps.simulate(d1, d3);

        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("catalogAsOf").asText()).isEqualTo("each-day");
        JsonNode days = done.get("days");
        // day 1, under max decrease 15 %, min margin 20 %, MAP enforced: 100.00 -> 90.00 holds for all four
        // (P-COST's margin floor is 70.00 x 1.2 = 84.00)
        assertDay(days.get(0), 4, 4, 4, 0, "-10.00");
        assertThat(steps.items(done, d1)).containsExactly("P-COST 100.00 -> 90.00 CHANGE []",
                "P-GONE 100.00 -> 90.00 CHANGE []", "P-MAP 100.00 -> 90.00 CHANGE []",
                "P-PLAIN 100.00 -> 90.00 CHANGE []");
        // day 2: P-GONE is inactive, so out; P-COST's floor is 80.00 x 1.2 = 96.00 > 90.00; P-MAP's MAP is 95.00
        assertDay(days.get(1), 3, 3, 1, 2, "-10.00");
        assertThat(steps.items(done, d2)).containsExactly(
                "P-COST 100.00 -> 90.00 BLOCKED [breaks guardrail minMarginPercent 20 over cost 80.00]",
                "P-MAP 100.00 -> 90.00 BLOCKED [breaks guardrail MAP 95.00]", "P-PLAIN 100.00 -> 90.00 CHANGE []");
        // day 3: a decrease may be 5 % at most, so 90.00 (below 95.00) breaks it for every product
        assertDay(days.get(2), 3, 3, 0, 3, null);
        assertThat(steps.items(done, d3)).containsExactly(
                "P-COST 100.00 -> 90.00 BLOCKED [breaks guardrail maxDecreasePercent 5,"
                        + " breaks guardrail minMarginPercent 20 over cost 80.00]",
                "P-MAP 100.00 -> 90.00 BLOCKED [breaks guardrail maxDecreasePercent 5, breaks guardrail MAP 95.00]",
                "P-PLAIN 100.00 -> 90.00 BLOCKED [breaks guardrail maxDecreasePercent 5]");
    }

    @Test
    void aProductsChannelsAreThoseOfItsDetailsThenSoAChannelSelectorPicksItFromTheDayItJoined() {
        LocalDate d1 = today.minusDays(3);
        LocalDate d2 = today.minusDays(2);
        Instant longAgo = at(d1.minusDays(10), 9);
        ProductId joined = steps.product("C-JOINED", details("chan", null), longAgo);
        ProductId always = steps.product("C-ALWAYS", onShopify("gid://shopify/Product/1"), longAgo);
        for (ProductId product : List.of(joined, always)) steps.observed(product, at(d1.minusDays(5), 9), "100.00");
        // day 2 at noon: C-JOINED gets a Shopify product (its channel refs), so today it is on Shopify
        steps.append(joined, at(d2, 12), new ProductDetailsChanged(joined, steps.tenantId,
                onShopify("gid://shopify/Product/2"), List.of("channelRefs")));
        steps.rule(Map.of("field", "channel", "op", "contains", "value", "shopify"), -10);
        api.get("/api/v1/products?size=1", steps.tenant.token(), EventPositions.WAIT_HEADER,
                Long.toString(positions.head()));

        JsonNode done = steps.simulate(d1, d2);

        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        // day 1: C-JOINED was on no channel yet, so the channel selector leaves it out, as a preview then would have
        assertThat(steps.items(done, d1)).containsExactly("C-ALWAYS 100.00 -> 90.00 CHANGE []");
        assertThat(steps.items(done, d2)).containsExactly("C-ALWAYS 100.00 -> 90.00 CHANGE []",
                "C-JOINED 100.00 -> 90.00 CHANGE []");
    }

    private static ProductDetails onShopify(String productGid) {
        return new ProductDetails("Item", "Acme", null, List.of("chan"), null,
                Map.of("shopify", Map.of("productId", productGid)));
    }

    @Test
    void aDayEndsAtMidnightInTheTenantsZone() {
        Api.Response zone = api.send("PUT", "/admin/v1/tenants/" + steps.tenant.tenantId() + "/time-zone",
                api.adminToken(), Map.of("timeZone", "America/New_York"));
        assertThat(zone.status()).as(zone.body()).isEqualTo(200);
        ZoneId newYork = ZoneId.of("America/New_York");
        LocalDate day = LocalDate.now(newYork).minusDays(3);
        ProductId product = steps.product("Z-1", details("zone", null), day.minusDays(10).atStartOfDay(newYork).toInstant());
        steps.observed(product, day.minusDays(5).atStartOfDay(newYork).toInstant(), "100.00");
        // 23:30 in New York is 04:30 the next day in UTC: the day's price in New York, the next day's in UTC
        Instant lateEvening = day.atTime(23, 30).atZone(newYork).toInstant();
        assertThat(LocalDate.ofInstant(lateEvening, ZoneOffset.UTC)).isEqualTo(day.plusDays(1));
        steps.observed(product, lateEvening, "80.00");
        steps.rule("zone", -10);
        api.get("/api/v1/products?size=1", steps.tenant.token(), EventPositions.WAIT_HEADER,
                Long.toString(positions.head()));

        JsonNode done = steps.simulate(day, day);

        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("timeZone").asText()).isEqualTo("America/New_York");
        assertThat(Instant.parse(done.at("/days/0/evaluatedAt").asText()))
                .isEqualTo(day.plusDays(1).atStartOfDay(newYork).toInstant().minusNanos(1_000));
        assertThat(steps.items(done, day)).containsExactly("Z-1 80.00 -> 72.00 CHANGE []");
    }

    private static TenantPolicy policy(int maxDecreasePercent) {
        return new TenantPolicy(BigDecimal.valueOf(maxDecreasePercent), null, Map.of(), Map.of(),
                BigDecimal.valueOf(20), true, false);
    }

    private static void assertDay(JsonNode day, int products, int priced, int changes, int blocked, String average) {
        assertThat(day.get("products").asInt()).as("products").isEqualTo(products);
        assertThat(day.get("priced").asInt()).as("priced").isEqualTo(priced);
        assertThat(day.get("changes").asInt()).as("changes").isEqualTo(changes);
        assertThat(day.get("blocked").asInt()).as("blocked").isEqualTo(blocked);
        if (average == null) {
            assertThat(day.path("averageChangePercent").isNull() || day.path("averageChangePercent").isMissingNode())
                    .as("average").isTrue();
        } else {
            assertThat(day.get("averageChangePercent").decimalValue()).isEqualByComparingTo(new BigDecimal(average));
        }
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(LocalTime.of(hour, 0)).toInstant(ZoneOffset.UTC);
    }
}
