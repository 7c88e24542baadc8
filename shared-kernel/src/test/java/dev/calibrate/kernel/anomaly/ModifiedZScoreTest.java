package dev.calibrate.kernel.anomaly;

import dev.calibrate.kernel.anomaly.ModifiedZScore.Basis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The modified z-score on small samples whose median, MAD and mean absolute deviation are worked out by hand. */
class ModifiedZScoreTest {

    @Test
    void scoresAgainstTheMedianAbsoluteDeviation() {
        // median 5.5; deviations .5 .5 1.5 1.5 2.5 2.5 3.5 3.5 4.5 94.5, so MAD 2.5
        ModifiedZScore z = ModifiedZScore.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 100}).orElseThrow();

        assertThat(z.basis()).isEqualTo(Basis.MAD);
        assertThat(z.median()).isEqualTo(5.5);
        assertThat(z.spread()).isEqualTo(2.5);
        assertThat(z.score(100)).isCloseTo(0.6745 * 94.5 / 2.5, within(1e-9)).isCloseTo(25.496, within(1e-3));
        assertThat(z.score(9)).isCloseTo(0.9443, within(1e-4));
        assertThat(z.score(2)).as("below the median scores by its distance too").isCloseTo(0.9443, within(1e-4));
    }

    @Test
    void aMadOfZeroFallsBackToTheMeanAbsoluteDeviation() {
        // nine equal moves and one other: median 0.01, MAD 0, mean absolute deviation 0.51 / 10
        double[] sample = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, -0.5};
        ModifiedZScore z = ModifiedZScore.of(sample).orElseThrow();

        assertThat(z.basis()).isEqualTo(Basis.MEAN_ABSOLUTE_DEVIATION);
        assertThat(z.spread()).isCloseTo(0.051, within(1e-12));
        assertThat(z.score(-0.5)).isCloseTo(0.51 / (1.2533 * 0.051), within(1e-9)).isCloseTo(7.979, within(1e-3));
        assertThat(z.score(0.01)).isZero();
    }

    @Test
    void noScoreWhenEveryValueIsTheSame() {
        double[] same = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};

        assertThat(ModifiedZScore.of(same)).isEmpty();
    }

    @Test
    void noScoreUnderTenValues() {
        assertThat(ModifiedZScore.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 100})).isEmpty();
        assertThat(ModifiedZScore.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 100})).isPresent();
    }

    @Test
    void theMedianOfAnEvenSampleIsTheMeanOfItsMiddleTwo() {
        assertThat(ModifiedZScore.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(ModifiedZScore.median(new double[] {5, 1, 3})).isEqualTo(3);
    }
}
