package dev.calibrate.app.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.simulation.SimulationSteps.details;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulation's bounds, as the tests set them (IntegrationTest): it stores at most 12 items and replays at most
 * five products changed after its first day; past the first it stops keeping what it did, past the second it
 * fails before any day, saying why.
 */
class RuleSimulationLimitsTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private SimulationSteps steps;
    private LocalDate d1;
    private LocalDate d3;

    @BeforeEach
    void aTenant() {
        steps = new SimulationSteps(api, new StoredEvents(eventStore, positions, jdbc),
                api.newTenant("Simulation limits " + UUID.randomUUID()));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        d1 = today.minusDays(4);
        d3 = today.minusDays(2);
        steps.rule("cap", -10);
    }

    private List<ProductId> products(int count) {
        Instant longAgo = at(d1.minusDays(10));
        List<ProductId> products = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ProductId product = steps.product("CAP-" + i, details("cap", null), longAgo);
            steps.observed(product, longAgo.plusSeconds(60), "100.00");
            products.add(product);
        }
        return products;
    }

    @Test
    void itStopsAtMaxItemsKeepingTheDaysDoneAndNothingPastThem() {
        products(5);
        api.get("/api/v1/products?size=1", steps.tenant.token(), EventPositions.WAIT_HEADER,
                Long.toString(positions.head()));

        JsonNode stopped = steps.simulate(d1, d3);

        // five changes a day: days 1 and 2 store 10 items, day 3's five would make 15, past 12
        assertThat(stopped.get("state").asText()).isEqualTo("STOPPED");
        assertThat(stopped.get("reason").asText())
                .isEqualTo("at its limit of 12 stored items: 2 of 3 days done, which are kept");
        assertThat(stopped.get("daysDone").asInt()).isEqualTo(2);
        assertThat(stopped.get("days")).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rule_simulation_item WHERE simulation_id = ?",
                Long.class, UUID.fromString(stopped.get("id").asText()))).isEqualTo(10);
        assertThat(steps.items(stopped, d1.plusDays(1))).hasSize(5);
        assertProblem(api.get("/api/v1/rules/" + steps.ruleId + "/simulations/" + stopped.get("id").asText()
                + "/days/" + d3 + "/items", steps.tenant.token()), 404, "not-found");
    }

    @Test
    void itFailsBeforeAnyDayWhenMoreProductsChangedThanItReplays() {
        List<ProductId> products = products(6);
        for (ProductId product : products) {
            steps.append(product, at(d1.plusDays(1)), new ProductDetailsChanged(product, steps.tenantId,
                    details("cap", "50.00"), List.of("cost")));
        }
        api.get("/api/v1/products?size=1", steps.tenant.token(), EventPositions.WAIT_HEADER,
                Long.toString(positions.head()));

        JsonNode failed = steps.simulate(d1, d3);

        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("failed after 0 of 3 days: more than 5 products had"
                + " their details, active flag or brand floors changed between the first day's end and now, more"
                + " than a simulation replays (calibrate.pricing.simulation.max-changed-products); simulate from a"
                + " later day");
        assertThat(failed.get("days")).isEmpty();
        // what it would have taken as of each day is known from its start, failed or not
        assertThat(failed.get("catalogAsOf").asText()).isEqualTo("each-day");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rule_simulation_item WHERE simulation_id = ?",
                Long.class, UUID.fromString(failed.get("id").asText()))).isZero();

        // from the day they changed on, only the changes after its end count: none, so it runs (one day: its six
        // items are well under max-items' 12, so DONE is not the items cap's doing)
        JsonNode later = steps.simulate(d1.plusDays(1), d1.plusDays(1));
        assertThat(later.get("state").asText()).as(later.toString()).isEqualTo("DONE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rule_simulation_item WHERE simulation_id = ?",
                Long.class, UUID.fromString(later.get("id").asText()))).isEqualTo(6);
    }

    private static Instant at(LocalDate day) {
        return day.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);
    }
}
