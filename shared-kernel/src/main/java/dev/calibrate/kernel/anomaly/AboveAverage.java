package dev.calibrate.kernel.anomaly;

import dev.calibrate.kernel.anomaly.PriceMoves.Tense;
import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

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
 * long, long[], long[], int, long, long, int)}. Both divide and compare here, exactly (prices as decimals,
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
     * {@link #judge(BigDecimal, BigDecimal, long)} of {@code price} set at {@code atMillis} after the prices
     * {@code unscaled[i]} (at {@code scale}) in effect from {@code fromMillis[i]}, for i in [0, count),
     * oldest first, each until the next one's start and the last until {@code atMillis}; the first's start
     * may be {@link Long#MIN_VALUE} (held since before anything the caller knows). The prices that ended
     * by the window's start are passed over; the time covered begins at the first price's start or the
     * window's, whichever is later. Time linear in {@code count}.
     */
    public static Optional<Above> judge(BigDecimal price, long atMillis, long[] fromMillis, long[] unscaled, int scale,
                                        int count) {
        if (count == 0) {
            return Optional.empty();
        }
        return judge(price, atMillis, fromMillis, unscaled, count - 1, fromMillis[count - 1], unscaled[count - 1], scale);
    }

    /**
     * The same, with the last price apart ({@code lastUnscaled} from {@code lastFromMillis}) after the
     * {@code earlier} ones of the arrays: a preview's catalog keeps the current price in its own columns,
     * so nothing is copied. The sum is in whole minor units × milliseconds, exact while it fits a long
     * (for prices below about 3.5 billion minor units: 35 million in a currency of cents), else in
     * decimals; a price clearly not above 6× it is answered without a division.
     */
    public static Optional<Above> judge(BigDecimal price, long atMillis, long[] fromMillis, long[] unscaled, int earlier,
                                        long lastFromMillis, long lastUnscaled, int scale) {
        long windowStart = atMillis - WINDOW.toMillis();
        int first = 0;
        while (first < earlier && (first + 1 < earlier ? fromMillis[first + 1] : lastFromMillis) <= windowStart) {
            first++;
        }
        long coveredFrom = Math.max(first < earlier ? fromMillis[first] : lastFromMillis, windowStart);
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
