package dev.calibrate.kernel.anomaly;

import java.util.Arrays;

/**
 * {@link PriceMoves}' arithmetic on a sample kept sorted, for a preview that judges up to 100,000
 * proposed moves in its second: the past changes are sorted once (when an event adds one), a proposed
 * move is placed among them by binary search, and the median and the MAD are read by walking the
 * sorted values outwards from the middle. No sort, no copy, no boxing per move; every value and every
 * sum is the one {@link ModifiedZScore#of} computes, so a score is exactly the same double.
 */
public final class SortedSample {

    private SortedSample() {
    }

    /**
     * The modified z-score of {@code x} among {@code sortedPast} and {@code x} on the MAD basis, or NaN
     * when that MAD is 0: the fallback (the mean absolute deviation) sums in the sample's order, so
     * the caller then scores the ordered sample with {@link ModifiedZScore#of}.
     */
    public static double madScore(double[] sortedPast, double x) {
        int insertAt = insertionPoint(sortedPast, x);
        int size = sortedPast.length + 1;
        int middle = size / 2;
        double median = size % 2 == 1
                ? at(sortedPast, insertAt, x, middle)
                : (at(sortedPast, insertAt, x, middle - 1) + at(sortedPast, insertAt, x, middle)) / 2;
        // deviations grow from the middle outwards on both sides: merge the two runs up to the middle rank
        int left = middle - 1;
        int right = middle;
        double previous = 0;
        double current = 0;
        for (int rank = 0; rank <= middle; rank++) {
            double fromLeft = left >= 0 ? Math.abs(at(sortedPast, insertAt, x, left) - median) : Double.POSITIVE_INFINITY;
            double fromRight = right < size ? Math.abs(at(sortedPast, insertAt, x, right) - median) : Double.POSITIVE_INFINITY;
            previous = current;
            if (fromLeft <= fromRight) {
                current = fromLeft;
                left--;
            } else {
                current = fromRight;
                right++;
            }
        }
        double mad = size % 2 == 1 ? current : (previous + current) / 2;
        if (!(mad > 0)) {
            return Double.NaN;
        }
        return Math.abs(ModifiedZScore.MAD_FACTOR * (x - median) / mad);
    }

    /**
     * The median size in percent of the moves {@code sortedPast} holds (|e^r − 1| × 100 of each log
     * return r), as {@link PriceMoves#judge} computes the usual move: the sizes grow from the first
     * non-negative return outwards, so half of them are computed and none sorted.
     */
    public static double medianMovePercent(double[] sortedPast) {
        int size = sortedPast.length;
        int middle = size / 2;
        int right = insertionPoint(sortedPast, 0);
        while (right > 0 && sortedPast[right - 1] >= 0) right--;
        int left = right - 1;
        double previous = 0;
        double current = 0;
        for (int rank = 0; rank <= middle; rank++) {
            double fromLeft = left >= 0 ? Math.abs(Math.expm1(sortedPast[left])) * 100 : Double.POSITIVE_INFINITY;
            double fromRight = right < size ? Math.abs(Math.expm1(sortedPast[right])) * 100 : Double.POSITIVE_INFINITY;
            previous = current;
            if (fromLeft <= fromRight) {
                current = fromLeft;
                left--;
            } else {
                current = fromRight;
                right++;
            }
        }
        return size % 2 == 1 ? current : (previous + current) / 2;
    }

    /** {@code sorted} without one occurrence of each of {@code removed} (all present in it), still sorted. */
    public static double[] without(double[] sorted, double[] removed) {
        double[] gone = removed.clone();
        Arrays.sort(gone);
        double[] kept = new double[sorted.length - gone.length];
        int g = 0;
        int k = 0;
        for (double value : sorted) {
            if (g < gone.length && Double.compare(value, gone[g]) == 0) {
                g++;
            } else {
                kept[k++] = value;
            }
        }
        return kept;
    }

    /** Where {@code x} goes in {@code sorted} to keep it sorted. */
    private static int insertionPoint(double[] sorted, double x) {
        int found = Arrays.binarySearch(sorted, x);
        return found >= 0 ? found : -found - 1;
    }

    /** The value at {@code index} of {@code sorted} with {@code x} inserted at {@code insertAt}. */
    private static double at(double[] sorted, int insertAt, double x, int index) {
        return index < insertAt ? sorted[index] : index == insertAt ? x : sorted[index - 1];
    }
}
