package dev.calibrate.kernel.anomaly;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sorted fast path a preview takes gives exactly (bit for bit) the score and the usual move that
 * {@link ModifiedZScore#of} and {@link PriceMoves#judge} give on the ordered sample, on random samples
 * of every size from the least to the most, with ties, repeated steps and the move anywhere in them.
 */
class SortedSampleTest {

    @Test
    void theFastPathScoresExactlyAsTheOrderedSample() {
        Random random = new Random(20261204L);
        int madCases = 0;
        for (int i = 0; i < 1_000; i++) {
            double[] past = randomPast(random);
            double move = random.nextInt(4) == 0 ? past[random.nextInt(past.length)] : random.nextGaussian() * 0.3;
            double[] sample = Arrays.copyOf(past, past.length + 1);
            sample[past.length] = move;
            double[] sorted = past.clone();
            Arrays.sort(sorted);

            ModifiedZScore spread = ModifiedZScore.of(sample).orElse(null);
            double fast = SortedSample.madScore(sorted, move);
            if (spread == null || spread.basis() != ModifiedZScore.Basis.MAD) {
                assertThat(fast).as("case %d: a MAD of 0 is left to the ordered sample", i).isNaN();
                continue;
            }
            madCases++;
            assertThat(fast).as("case %d", i).isEqualTo(spread.score(move));
            double[] others = new double[past.length];
            for (int j = 0; j < past.length; j++) others[j] = Math.abs(Math.expm1(past[j])) * 100;
            assertThat(SortedSample.medianMovePercent(sorted)).as("case %d", i).isEqualTo(ModifiedZScore.median(others));

            Optional<PriceMoves.Unusual> judged = PriceMoves.judge(sample, 50, 0);
            if (judged.isPresent()) {
                assertThat(judged.get().score()).isEqualTo(fast);
                assertThat(judged.get().usualPercent()).isEqualTo(SortedSample.medianMovePercent(sorted));
            } else {
                assertThat(fast).isLessThanOrEqualTo(ModifiedZScore.THRESHOLD);
            }
        }
        assertThat(madCases).as("most cases have a MAD").isGreaterThan(700);
    }

    @Test
    void withoutRemovesOneOccurrenceOfEachValue() {
        double[] sorted = {-0.2, -0.1, -0.1, 0.05, 0.3};
        assertThat(SortedSample.without(sorted, new double[]{0.3, -0.1})).containsExactly(-0.2, -0.1, 0.05);
    }

    /** 9 to 249 past log returns: small gaussian steps, some repeated steps, some outliers. */
    private static double[] randomPast(Random random) {
        int size = 9 + random.nextInt(241);
        double[] past = new double[size];
        double step = random.nextInt(8) == 0 ? 0.02 : Double.NaN;
        for (int i = 0; i < size; i++) {
            if (!Double.isNaN(step) && random.nextInt(3) > 0) {
                past[i] = random.nextBoolean() ? step : -step;
            } else if (random.nextInt(20) == 0) {
                past[i] = random.nextGaussian();
            } else {
                past[i] = random.nextGaussian() * 0.05;
            }
        }
        return past;
    }
}
