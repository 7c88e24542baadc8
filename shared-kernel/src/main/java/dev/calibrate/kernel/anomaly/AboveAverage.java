package dev.calibrate.kernel.anomaly;

import dev.calibrate.kernel.anomaly.PriceMoves.Tense;
import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntToLongFunction;

/**
 * Issue 16's rule for a price far above the product's recent prices, as the arithmetic the anomalies
 * endpoint and a preview share: a price is above its average when it is above {@link #FACTOR} times the
 * time-weighted average price (that currency) over the {@link #WINDOW} before it. Each earlier price
 * weighs by the milliseconds it held within the window, and only time the product had a price counts
 * (a product priced 3 days before is compared with those 3 days). No time covered (a first price) is no
 * average, nor is an average of 0 or below (six times a giveaway or a negative price is no yardstick).
 * <p>
 * The endpoint sums a stream's prices as a running sum ({@link #weigh}, then {@link #judge(BigDecimal,
 * BigDecimal, long)}); a preview sums the few prices its catalog keeps with {@link #judge(BigDecimal,
 * long, long[], long[], int, long, long, int)}. Both find the window's first price with
 * {@link #firstHeld} and {@link #coveredFrom}, and divide and compare here, exactly (prices as decimals,
 * times in milliseconds), so they agree to the last digit.
 */
public final class AboveAverage {

    /** The prices a price is compared with: those in effect in the 30 days before it. */
    public static final Duration WINDOW = Duration.ofDays(30);
    /** A price above this many times the average is reported. */
    public static final BigDecimal FACTOR = BigDecimal.valueOf(6);

    private AboveAverage() {
    }

    /** A price above its average: the average (exact to 16 digits) and how many times it the price is. */
    public record Above(BigDecimal average, double multiple) {

        /** The average as a sentence shows it: rounded to the currency's minor units. */
        public Money shown(String currency) {
            return new Money(average.setScale(Money.minorUnits(currency), RoundingMode.HALF_EVEN), currency);
        }
    }

    /** {@code amount} × the milliseconds from {@code startMillis} to {@code endMillis}; 0 when none. */
    public static BigDecimal weigh(BigDecimal amount, long startMillis, long endMillis) {
        return endMillis > startMillis ? amount.multiply(BigDecimal.valueOf(endMillis - startMillis)) : BigDecimal.ZERO;
    }

    /**
     * Whether {@code price} is above {@link #FACTOR} × the average {@code weighted} / {@code coveredMillis}
     * (the sum of price × milliseconds held over the time the window covered): present when it is.
     */
    public static Optional<Above> judge(BigDecimal price, BigDecimal weighted, long coveredMillis) {
        if (coveredMillis <= 0) {
            return Optional.empty();
        }
        BigDecimal average = weighted.divide(BigDecimal.valueOf(coveredMillis), MathContext.DECIMAL64);
        if (average.signum() <= 0 || price.compareTo(average.multiply(FACTOR)) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Above(average, price.divide(average, MathContext.DECIMAL64).doubleValue()));
    }

    /**
     * The first of the prices {@code first} to {@code last} (in stream order, price k held until
     * {@code end.applyAsLong(k)}) still held after {@code windowStart}: the prices before it ended by the
     * window's start and weigh nothing. At most {@code last} (the latest price always counts, if only
     * from the window's start). The window only moves forward, so a caller may pass the index an earlier
     * window found.
     */
    public static int firstHeld(int first, int last, IntToLongFunction end, long windowStart) {
        while (first < last && end.applyAsLong(first) <= windowStart) {
            first++;
        }
        return first;
    }

    /** When the time covered begins: the start of the first price held in the window, or the window's, whichever is later. */
    public static long coveredFrom(long firstStart, long windowStart) {
        return Math.max(firstStart, windowStart);
    }

    /**
     * {@link #judge(BigDecimal, BigDecimal, long)} of {@code price} set at {@code atMillis} after the prices
     * {@code unscaled[i]} (at {@code scale}) in effect from {@code fromMillis[i]}, for i in [0, earlier),
     * oldest first, each until the next one's start, then the last price ({@code lastUnscaled} from
     * {@code lastFromMillis}) until {@code atMillis}: a preview's catalog keeps the current price in its
     * own columns, so nothing is copied. The first's start may be {@link Long#MIN_VALUE} (held since
     * before anything the caller knows). The prices that ended by the window's start are passed over
     * ({@link #firstHeld}); the time covered begins at {@link #coveredFrom}. Time linear in {@code earlier}.
     * The sum is in whole minor units × milliseconds, exact while it fits a long
     * (for prices below about 3.5 billion minor units: 35 million in a currency of cents), else in
     * decimals; a price clearly not above 6× it is answered without a division.
     */
    public static Optional<Above> judge(BigDecimal price, long atMillis, long[] fromMillis, long[] unscaled, int earlier,
                                        long lastFromMillis, long lastUnscaled, int scale) {
        long windowStart = atMillis - WINDOW.toMillis();
        int first = firstHeld(0, earlier, k -> k + 1 < earlier ? fromMillis[k + 1] : lastFromMillis, windowStart);
        long coveredFrom = coveredFrom(first < earlier ? fromMillis[first] : lastFromMillis, windowStart);
        long covered = atMillis - coveredFrom;
        BigDecimal weighted;
        try {
            long sum = 0;
            for (int i = first; i <= earlier; i++) {
                long start = i < earlier ? fromMillis[i] : lastFromMillis;
                long end = i + 1 < earlier ? fromMillis[i + 1] : i < earlier ? lastFromMillis : atMillis;
                long millis = end - Math.max(start, windowStart);
                sum = Math.addExact(sum, millis > 0 ? Math.multiplyExact(i < earlier ? unscaled[i] : lastUnscaled, millis) : 0);
            }
            if (covered > 0 && sum > 0 && scale < 19) {
                // price × covered against 6 × sum, both in minor units: clearly below needs no division
                double left = price.doubleValue() * covered;
                double right = 6d * sum / Math.pow(10, scale);
                if (left < right * (1 - 1e-9)) {
                    return Optional.empty();
                }
            }
            weighted = BigDecimal.valueOf(sum, scale);
        } catch (ArithmeticException overflow) {
            weighted = BigDecimal.ZERO;
            for (int i = first; i <= earlier; i++) {
                long start = i < earlier ? fromMillis[i] : lastFromMillis;
                long end = i + 1 < earlier ? fromMillis[i + 1] : i < earlier ? lastFromMillis : atMillis;
                weighted = weighted.add(weigh(BigDecimal.valueOf(i < earlier ? unscaled[i] : lastUnscaled, scale),
                        Math.max(start, windowStart), end));
            }
        }
        return judge(price, weighted, covered);
    }

    /**
     * "priced 121.00 USD, 6.1× its time-weighted 30-day average of 20.00 USD", or with
     * {@link Tense#PROPOSED} "would be priced …".
     */
    public static String reason(Tense tense, Money price, Above above) {
        return (tense == Tense.PAST ? "priced " : "would be priced ") + PriceMoves.money(price) + ", "
                + PriceMoves.number(above.multiple()) + "× its time-weighted 30-day average of "
                + PriceMoves.money(above.shown(price.currency()));
    }
}
