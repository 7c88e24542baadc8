package dev.calibrate.command.catalog;

import dev.calibrate.kernel.anomaly.PriceMoves;
import dev.calibrate.kernel.product.CatalogEntry.PricePoint;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A product's recent changes of one currency's price, oldest first: when each happened and its log
 * return, as {@link PriceMoves} judges moves. At most {@link #MAX} of them (a proposed move is the
 * sample's last), none older than {@link PriceMoves#WINDOW} before the latest. Immutable, so that a
 * catalog's snapshot shares it while later events make new ones.
 */
public final class RecentMoves {

    /** The past changes a proposed move is judged among: with it, the sample is at most {@link PriceMoves#MAX_SAMPLE}. */
    static final int MAX = PriceMoves.MAX_SAMPLE - 1;

    private final long[] atMillis;
    private final double[] logReturns;

    private RecentMoves(long[] atMillis, double[] logReturns) {
        this.atMillis = atMillis;
        this.logReturns = logReturns;
    }

    /**
     * The changes between consecutive {@code prices} (as the read model's history gives them), each at
     * the time of its new price; null when there is none. A price set again at the same amount is no
     * change, nor is a move from or to 0: exactly the changes the anomalies endpoint scores.
     */
    static RecentMoves of(List<PricePoint> prices) {
        RecentMoves moves = null;
        for (int i = 1; i < prices.size(); i++) {
            moves = with(moves, prices.get(i - 1).amount(), prices.get(i).amount(), prices.get(i).at());
        }
        return moves;
    }

    /**
     * {@code moves} (null: none) with the change from {@code before} to {@code after} at {@code at}, if
     * it is one; the oldest dropped past {@link #MAX} and past the window before {@code at}.
     */
    static RecentMoves with(RecentMoves moves, BigDecimal before, BigDecimal after, Instant at) {
        if (before.compareTo(after) == 0) {
            return moves;
        }
        double logReturn = PriceMoves.logReturn(before, after);
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
     * The sample a move proposed at {@code now} is judged among: the changes of the window before
     * {@code now} (after its start, as the endpoint counts them), then {@code logReturn}. Null when
     * fewer than {@code minimum} changes (the move's own included) would be in it, so that most items
     * cost no array.
     */
    public double[] sampleWith(Instant now, double logReturn, int minimum) {
        long windowStart = now.toEpochMilli() - PriceMoves.WINDOW.toMillis();
        int first = 0;
        while (first < atMillis.length && atMillis[first] <= windowStart) {
            first++;
        }
        int count = atMillis.length - first;
        if (count + 1 < minimum) {
            return null;
        }
        double[] sample = Arrays.copyOfRange(logReturns, first, atMillis.length + 1);
        sample[count] = logReturn;
        return sample;
    }

    /** The changes held, oldest first, for tests: when and the log return. */
    int size() {
        return atMillis.length;
    }

    long atMillis(int index) {
        return atMillis[index];
    }

    double logReturn(int index) {
        return logReturns[index];
    }

    long estimatedBytes() {
        return 16 + 2 * (16 + 8L * atMillis.length);
    }
}
