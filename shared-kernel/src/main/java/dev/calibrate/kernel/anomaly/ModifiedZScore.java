package dev.calibrate.kernel.anomaly;

import java.util.Arrays;
import java.util.Optional;

/**
 * Iglewicz and Hoaglin's modified z-score: how far a value lies from the median of its sample, in
 * units of a spread that a few outliers cannot inflate. A score above {@link #THRESHOLD} is an
 * outlier. Plain arithmetic on doubles: the scores rank moves, they are never money.
 *
 * @param median the sample's median
 * @param spread the median absolute deviation from the median (MAD), or, when that is 0, the mean
 *               absolute deviation from the median
 * @param basis  which of the two {@code spread} is
 */
public record ModifiedZScore(double median, double spread, Basis basis, int sampleSize) {

    public static final double THRESHOLD = 3.5;
    /** Fewer changes than this say too little about a product's usual move to call one unusual. */
    public static final int MIN_SAMPLE = 10;
    /** 0.6745 is the 0.75 quantile of the standard normal: MAD / 0.6745 estimates the standard deviation. */
    static final double MAD_FACTOR = 0.6745;
    /** sqrt(pi / 2): the mean absolute deviation × 1.2533 estimates the standard deviation. */
    static final double MEAN_AD_FACTOR = 1.2533;

    public enum Basis { MAD, MEAN_ABSOLUTE_DEVIATION }

    /**
     * The spread of {@code sample}; empty when it has fewer than {@link #MIN_SAMPLE} values, or when
     * every value equals the median so that both spreads are 0: then no value stands out from the
     * others by any measure, and a score (a division by 0) would mean nothing.
     */
    public static Optional<ModifiedZScore> of(double[] sample) {
        if (sample.length < MIN_SAMPLE) {
            return Optional.empty();
        }
        double median = median(sample);
        double[] deviations = Arrays.stream(sample).map(x -> Math.abs(x - median)).toArray();
        double mad = median(deviations);
        if (mad > 0) {
            return Optional.of(new ModifiedZScore(median, mad, Basis.MAD, sample.length));
        }
        // more than half the sample sits exactly on the median (a price that moves by the same step
        // again and again): the MAD is 0, the mean absolute deviation still sees the other values
        double meanDeviation = Arrays.stream(deviations).average().orElse(0);
        if (meanDeviation > 0) {
            return Optional.of(new ModifiedZScore(median, meanDeviation, Basis.MEAN_ABSOLUTE_DEVIATION, sample.length));
        }
        return Optional.empty();
    }

    /**
     * |0.6745 · (x − median) / MAD|; with a MAD of 0, |(x − median) / (1.2533 · mean absolute deviation)|.
     * Both divide by an estimate of the standard deviation (MAD / 0.6745, or mean AD × 1.2533), so a
     * score means the same on either basis (the IBM SPSS definition of the fallback).
     */
    public double score(double x) {
        return basis == Basis.MAD
                ? Math.abs(MAD_FACTOR * (x - median) / spread)
                : Math.abs((x - median) / (MEAN_AD_FACTOR * spread));
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
