package dev.calibrate.command.catalog.moves;

import dev.calibrate.kernel.anomaly.ModifiedZScore;
import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.anomaly.PriceMoves.Unusual;
import dev.calibrate.kernel.anomaly.SortedSample;
import dev.calibrate.kernel.product.CatalogEntry.PricePoint;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A product's recent changes of one currency's price, oldest first: when each happened and its log
 * return, as {@link PriceMoves} judges moves. At most {@link #MAX} of them (a proposed move is the
 * sample's last), none older than {@link PriceMoves#WINDOW} before the latest. Immutable, so that a
 * catalog's snapshot shares it while later events make new ones. The log returns are kept sorted too,
 * sorted once per event, so that a preview judges a move without sorting (see {@link SortedSample}).
 */
public final class RecentMoves {

    /** The past changes a proposed move is judged among: with it, the sample is at most {@link PriceMoves#MAX_SAMPLE}. */
    public static final int MAX = PriceMoves.MAX_SAMPLE - 1;

    private final long[] atMillis;
    private final double[] logReturns;
    private final double[] sortedReturns;

    private RecentMoves(long[] atMillis, double[] logReturns) {
        this.atMillis = atMillis;
        this.logReturns = logReturns;
        this.sortedReturns = logReturns.clone();
        Arrays.sort(sortedReturns);
    }

    /**
     * The changes between consecutive {@code prices} (as the read model's history gives them), each at
     * the time of its new price; null when there is none. A price set again at the same amount is no
     * change, nor is a move from or to 0: exactly the changes the anomalies endpoint scores.
     */
    public static RecentMoves of(List<PricePoint> prices) {
        // the changes as with() would keep them one by one, but sorted once: a rebuild reads 100,000 products
        long[] at = new long[Math.max(0, prices.size() - 1)];
        double[] returns = new double[at.length];
        int size = 0;
        for (int i = 1; i < prices.size(); i++) {
            double logReturn = PriceMoves.changeLogReturn(prices.get(i - 1).amount(), prices.get(i).amount());
            if (!Double.isNaN(logReturn)) {
                at[size] = prices.get(i).at().toEpochMilli();
                returns[size++] = logReturn;
            }
        }
        if (size == 0) {
            return null;
        }
        long windowStart = at[size - 1] - PriceMoves.WINDOW.toMillis();
        int first = 0;
        while (first < size && (at[first] <= windowStart || size - first > MAX)) {
            first++;
        }
        return new RecentMoves(Arrays.copyOfRange(at, first, size), Arrays.copyOfRange(returns, first, size));
    }

    /**
     * {@code moves} (null: none) with the change from {@code before} to {@code after} at {@code at}, if
     * it is one; the oldest dropped past {@link #MAX} and past the window before {@code at}.
     */
    public static RecentMoves with(RecentMoves moves, BigDecimal before, BigDecimal after, Instant at) {
        double logReturn = PriceMoves.changeLogReturn(before, after);
        if (Double.isNaN(logReturn)) {
            return moves;
        }
        long millis = at.toEpochMilli();
        long windowStart = millis - PriceMoves.WINDOW.toMillis();
        int size = moves == null ? 0 : moves.atMillis.length;
        int first = 0;
        while (first < size && (moves.atMillis[first] <= windowStart || size - first >= MAX)) {
            first++;
        }
        long[] at2 = new long[size - first + 1];
        double[] returns = new double[size - first + 1];
        if (size > first) {
            System.arraycopy(moves.atMillis, first, at2, 0, size - first);
            System.arraycopy(moves.logReturns, first, returns, 0, size - first);
        }
        at2[at2.length - 1] = millis;
        returns[returns.length - 1] = logReturn;
        return new RecentMoves(at2, returns);
    }

    /**
     * {@link PriceMoves#judge} of a move with log return {@code logReturn} proposed at {@code now}, among
     * the changes of the window before {@code now} (after its start, as the endpoint counts them): the
     * same result, but from the sorted returns, so that a move that is not unusual allocates nothing.
     */
    public Optional<Unusual> judge(Instant now, double logReturn, double movePercent, double floor) {
        int first = firstInWindow(now);
        int count = atMillis.length - first;
        if (count + 1 < ModifiedZScore.MIN_SAMPLE || Math.abs(movePercent) < floor * 100) {
            return Optional.empty();
        }
        double[] sorted = first == 0 ? sortedReturns
                : SortedSample.without(sortedReturns, Arrays.copyOfRange(logReturns, 0, first));
        double score = SortedSample.madScore(sorted, logReturn);
        if (Double.isNaN(score)) {
            // a MAD of 0: the fallback spread sums in the sample's order, which only the ordered sample has
            return PriceMoves.judge(sampleWith(first, logReturn), movePercent, floor);
        }
        if (score <= ModifiedZScore.THRESHOLD) {
            return Optional.empty();
        }
        return Optional.of(new Unusual(score, SortedSample.medianMovePercent(sorted), count + 1));
    }

    /** The sample {@link PriceMoves#judge} takes: the changes from {@code first} on, oldest first, then {@code logReturn}. */
    double[] sampleWith(int first, double logReturn) {
        double[] sample = Arrays.copyOfRange(logReturns, first, atMillis.length + 1);
        sample[sample.length - 1] = logReturn;
        return sample;
    }

    /**
     * The ordered sample a move proposed at {@code now} is judged among, null below {@code minimum}: for tests.
     * Public only for the catalog's test that a rebuilt and an event-followed catalog hold the same sample
     * (it drives the catalog through package-private parts of {@code command.catalog}).
     */
    public double[] sampleWith(Instant now, double logReturn, int minimum) {
        int first = firstInWindow(now);
        return atMillis.length - first + 1 < minimum ? null : sampleWith(first, logReturn);
    }

    /** The first change after the start of the window ending at {@code now}. */
    int firstInWindow(Instant now) {
        long windowStart = now.toEpochMilli() - PriceMoves.WINDOW.toMillis();
        int first = 0;
        while (first < atMillis.length && atMillis[first] <= windowStart) {
            first++;
        }
        return first;
    }

    /** How many changes are held, for tests. */
    int size() {
        return atMillis.length;
    }

    long atMillis(int index) {
        return atMillis[index];
    }

    double logReturn(int index) {
        return logReturns[index];
    }

    public long estimatedBytes() {
        return 16 + 3 * (16 + 8L * atMillis.length);
    }
}
