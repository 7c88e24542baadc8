package dev.calibrate.command.catalog.moves;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One product's recent price changes on their own: at most {@link RecentMoves#MAX} of the window are kept, and
 * judging from the sorted returns gives what the ordered sample gives. The catalog's test of the same name
 * (command.catalog) checks that a rebuilt and an event-followed catalog hold the same changes.
 */
class RecentMovesTest {

    private static final Instant NOW = Instant.parse("2026-12-04T06:00:00Z");

    @Test
    void atMostTheMostRecentChangesOfTheWindowAreKept() {
        RecentMoves moves = null;
        BigDecimal price = new BigDecimal("10.00");
        for (int i = 0; i < 400; i++) {
            BigDecimal next = price.add(i % 2 == 0 ? BigDecimal.ONE : BigDecimal.ONE.negate());
            moves = RecentMoves.with(moves, price, next, NOW.minus(Duration.ofHours(400 - i)));
            price = next;
        }

        assertThat(moves.size()).isEqualTo(RecentMoves.MAX);
        assertThat(moves.sampleWith(NOW, 0.5, 10)).hasSize(RecentMoves.MAX + 1);
        assertThat(moves.sampleWith(NOW.plus(Duration.ofDays(90)), 0.5, 10))
                .as("90 days later every change has left the window").isNull();
    }

    @Test
    void judgingFromTheSortedReturnsGivesWhatTheOrderedSampleGivesAlsoWhenChangesHaveLeftTheWindow() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 200; round++) {
            RecentMoves moves = null;
            BigDecimal price = new BigDecimal("100.00");
            int count = 5 + random.nextInt(300);
            for (int i = 0; i < count; i++) {
                BigDecimal next = price.multiply(BigDecimal.valueOf(1 + random.nextGaussian() * 0.04))
                        .setScale(2, java.math.RoundingMode.HALF_EVEN);
                moves = RecentMoves.with(moves, price, next, NOW.minus(Duration.ofHours(3L * (count - i))));
                price = next;
            }
            if (moves == null) continue;
            Instant at = NOW.plus(Duration.ofDays(random.nextInt(60)));
            double move = random.nextGaussian() * 0.5;
            double[] sample = moves.sampleWith(at, move, 0);
            assertThat(moves.judge(at, move, Math.expm1(move) * 100, 0.10)).as("round %d", round)
                    .isEqualTo(kernelJudge(sample, Math.expm1(move) * 100));
        }
    }

    private static java.util.Optional<dev.calibrate.kernel.anomaly.PriceMoves.Unusual> kernelJudge(double[] sample,
                                                                                               double movePercent) {
        return dev.calibrate.kernel.anomaly.PriceMoves.judge(sample, movePercent, 0.10);
    }
}
