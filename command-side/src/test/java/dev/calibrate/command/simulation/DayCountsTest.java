package dev.calibrate.command.simulation;

import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.compiled.PreviewItem;
import dev.calibrate.kernel.product.ProductId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A day's counts and positions, and the instant a day is evaluated at. */
class DayCountsTest {

    @Test
    void positionsAreThoseOfTheCompetitorPositions() {
        BigDecimal low = new BigDecimal("10.00");
        BigDecimal high = new BigDecimal("20.00");
        assertThat(Position.of(new BigDecimal("10.00"), low, high)).isEqualTo(Position.CHEAPEST);
        assertThat(Position.of(new BigDecimal("15.00"), low, high)).isEqualTo(Position.IN_BAND);
        assertThat(Position.of(new BigDecimal("20.00"), low, high)).isEqualTo(Position.MOST_EXPENSIVE);
        // matching the only competitor is still the cheapest offer
        assertThat(Position.of(low, low, low)).isEqualTo(Position.CHEAPEST);
        assertThat(Position.of(low, null, null)).isEqualTo(Position.NO_DATA);
    }

    @Test
    void theAverageIsOverTheChangedItemsOnly() {
        DayCounts.Builder builder = new DayCounts.Builder();
        builder.product(Position.MOST_EXPENSIVE, Position.CHEAPEST, item(Status.CHANGE, "-5.00"));
        builder.product(Position.IN_BAND, Position.IN_BAND, item(Status.CHANGE, "2.50"));
        builder.product(Position.NO_DATA, Position.NO_DATA, item(Status.BLOCKED, "-30.00"));
        builder.product(Position.NO_DATA, Position.NO_DATA, null);

        DayCounts counts = builder.build();

        assertThat(counts.products()).isEqualTo(4);
        assertThat(counts.selected()).isEqualTo(3);
        assertThat(counts.changes()).isEqualTo(2);
        assertThat(counts.blocked()).isEqualTo(1);
        assertThat(counts.averageChangePercent()).isEqualByComparingTo("-1.25");
        assertThat(counts.before()).containsEntry(Position.MOST_EXPENSIVE, 1).containsEntry(Position.CHEAPEST, 0)
                .containsEntry(Position.NO_DATA, 2);
        assertThat(counts.after()).containsEntry(Position.CHEAPEST, 1).containsEntry(Position.MOST_EXPENSIVE, 0);
        assertThat(new DayCounts.Builder().build().averageChangePercent()).isNull();
    }

    @Test
    void aDayIsEvaluatedAtItsLastMicrosecondInTheTenantsZoneOrAtTheRequestForToday() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant asked = Instant.parse("2026-12-06T10:00:00Z");
        Simulation simulation = new Simulation(UUID.randomUUID(), null, null, 1, "EUR", LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-06"), berlin, "someone", asked);

        assertThat(simulation.days()).isEqualTo(6);
        assertThat(simulation.evaluatedAt(LocalDate.parse("2026-12-01")))
                .isEqualTo(Instant.parse("2026-12-01T22:59:59.999999Z"));
        assertThat(simulation.evaluatedAt(LocalDate.parse("2026-12-06"))).isEqualTo(asked);
    }

    private static PreviewItem item(Status status, String deltaPercent) {
        return new PreviewItem(new ProductId(UUID.randomUUID()), "SKU", "USD", BigDecimal.TEN, BigDecimal.ONE,
                BigDecimal.ONE, new BigDecimal(deltaPercent), null, null, status, List.of(), "");
    }
}
