package dev.calibrate.kernel.anomaly;

import dev.calibrate.kernel.anomaly.PriceMoves.Tense;
import dev.calibrate.kernel.anomaly.PriceMoves.Unusual;
import dev.calibrate.kernel.money.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule the anomalies endpoint and previews share, on a steady history and one large drop. */
class PriceMovesTest {

    /** Twelve moves alternating +9 % and −8.5 %, then the move judged. */
    private static double[] steadyThen(double move) {
        double[] sample = new double[13];
        for (int i = 0; i < 12; i++) sample[i] = i % 2 == 0 ? Math.log(1.09) : Math.log(0.915);
        sample[12] = move;
        return sample;
    }

    @Test
    void aDropOf84PercentAgainstASteadyHistoryIsUnusualAndSaysSo() {
        Money before = new Money(new BigDecimal("25.00"), "USD");
        Money after = new Money(new BigDecimal("4.00"), "USD");
        double[] sample = steadyThen(PriceMoves.logReturn(before.amount(), after.amount()));

        Unusual unusual = PriceMoves.judge(sample, PriceMoves.percentChange(before, after), 0.10).orElseThrow();

        assertThat(unusual.sampleSize()).isEqualTo(13);
        assertThat(unusual.high()).as("a score of %s", unusual.score()).isFalse();
        // median −0.0888 (a −8.5 % step), MAD 0.175: 0.6745 × 1.744 / 0.175 = 6.7, medium
        assertThat(PriceMoves.reason(Tense.PROPOSED, before, after, unusual)).isEqualTo(
                "drops 84 % (25.00 → 4.00 USD), 9.6× its usual move of 8.8 %; modified z-score 6.7 over 13 changes in 90 days");
        assertThat(PriceMoves.reason(Tense.PAST, before, after, unusual)).startsWith("dropped 84 % ");
    }

    @Test
    void anOrdinaryMoveIsNot() {
        double[] sample = steadyThen(Math.log(1.09));

        assertThat(PriceMoves.judge(sample, 9, 0.10)).isEmpty();
        assertThat(PriceMoves.judge(sample, 9, 0)).isEmpty();
    }

    @Test
    void aMoveUnderTheFloorIsNotUnusualHoweverItScores() {
        // every past move +1 %, then −5 %: far outside its usual moves, but under the 10 % floor
        double[] sample = new double[12];
        Arrays.fill(sample, Math.log(1.01));
        sample[11] = Math.log(0.95);

        assertThat(PriceMoves.judge(sample, -5, 0.10)).isEmpty();
        assertThat(PriceMoves.judge(sample, -5, 0)).isPresent();
    }

    @Test
    void nineChangesAreTooFewToKnowTheUsualMove() {
        double[] sample = Arrays.copyOfRange(steadyThen(Math.log(0.16)), 4, 13);

        assertThat(sample).hasSize(9);
        assertThat(PriceMoves.judge(sample, -84, 0.10)).isEmpty();
    }

    @Test
    void aMoveFromOrToZeroHasNoLogReturn() {
        assertThat(PriceMoves.logReturn(BigDecimal.ZERO, BigDecimal.TEN)).isNaN();
        assertThat(PriceMoves.logReturn(BigDecimal.TEN, BigDecimal.ZERO)).isNaN();
    }

    @Test
    void belowCostOnlyInTheCostsCurrency() {
        Money cost = new Money(new BigDecimal("5.00"), "USD");

        assertThat(PriceMoves.belowCost(new Money(new BigDecimal("4.00"), "USD"), cost)).isTrue();
        assertThat(PriceMoves.belowCost(new Money(new BigDecimal("5.00"), "USD"), cost)).isFalse();
        assertThat(PriceMoves.belowCost(new Money(new BigDecimal("4.00"), "EUR"), cost)).isFalse();
        assertThat(PriceMoves.belowCost(new Money(new BigDecimal("4.00"), "USD"), null)).isFalse();
        assertThat(PriceMoves.belowCostReason(Tense.PROPOSED, new Money(new BigDecimal("4.00"), "USD"), cost))
                .isEqualTo("would be priced 4.00 USD, 1.00 under its cost of 5.00 USD (20 % below)");
    }
}
