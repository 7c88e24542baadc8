package dev.calibrate.kernel.anomaly;

import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Issue 16's rule for an unusual price move, as one pure function: the anomalies endpoint judges each
 * past change with it, and a preview judges each proposed price with it, so that an approver is warned
 * of exactly the moves the endpoint would report once they happened.
 * <p>
 * A move's log return x = ln(new / old) is scored by its {@link ModifiedZScore} among the product's
 * changes of that currency in the {@link #WINDOW} up to and including it (at most the {@link #MAX_SAMPLE}
 * most recent); it is unusual when the score is above 3.5 over at least 10 changes and the price moved
 * by at least the floor ({@code calibrate.anomalies.price-move-floor}). A move from or to 0 has no log
 * return: no price move (the below-cost rule sees a price of 0).
 */
public final class PriceMoves {

    /** The product's changes a move is compared with: those of the 90 days up to and including it. */
    public static final Duration WINDOW = Duration.ofDays(90);
    /**
     * A window's sample is at most its most recent changes: a product repriced every few minutes has
     * thousands in 90 days, its usual move is as well known from the last 250, and a score then sorts at
     * most this many.
     */
    public static final int MAX_SAMPLE = 250;
    /** A score of 7 or more is a high-severity move, below that medium. */
    public static final double HIGH_SCORE = 7;

    private PriceMoves() {
    }

    /** Whether a move happened ("dropped") or is proposed ("drops"): the sentence says which. */
    public enum Tense { PAST, PROPOSED }

    /**
     * An unusual move: its modified z-score, the product's usual move (the median size, in percent, of
     * the other changes in its sample) and how many changes the sample had, the move's own included.
     */
    public record Unusual(double score, double usualPercent, int sampleSize) {

        public boolean high() {
            return score >= HIGH_SCORE;
        }

        /** The score as the API shows it, to two decimals. */
        public double roundedScore() {
            return Math.round(score * 100) / 100.0;
        }
    }

    /** ln(after / before), or NaN when either is 0 or below (no log return: no price move). */
    public static double logReturn(BigDecimal before, BigDecimal after) {
        if (before.signum() <= 0 || after.signum() <= 0) {
            return Double.NaN;
        }
        return Math.log(after.doubleValue() / before.doubleValue());
    }

    /**
     * What counts as a change, for the endpoint, a preview's catalog and the rebuild's history query
     * alike: the log return from {@code before} to {@code after}, or NaN when it is none. The same amount
     * again is no change (a compare-at-only change, a price observed again), nor a move from or to 0.
     */
    public static double changeLogReturn(BigDecimal before, BigDecimal after) {
        return before.compareTo(after) == 0 ? Double.NaN : logReturn(before, after);
    }

    /**
     * Judges the last value of {@code sample} (log returns, oldest first, the move itself last) among all
     * of them: present when it is unusual. {@code movePercent} is the move in percent of the old price,
     * {@code floor} the least move reported as a fraction (0.10: 10 %; 0 turns it off). The floor is
     * checked first, so a small move costs no sort.
     */
    public static Optional<Unusual> judge(double[] sample, double movePercent, double floor) {
        if (sample.length < ModifiedZScore.MIN_SAMPLE || Math.abs(movePercent) < floor * 100) {
            return Optional.empty();
        }
        Optional<ModifiedZScore> spread = ModifiedZScore.of(sample);
        if (spread.isEmpty()) {
            return Optional.empty();
        }
        double score = spread.get().score(sample[sample.length - 1]);
        if (score <= ModifiedZScore.THRESHOLD) {
            return Optional.empty();
        }
        double[] others = new double[sample.length - 1];
        for (int i = 0; i < others.length; i++) {
            others[i] = Math.abs(Math.expm1(sample[i])) * 100;
        }
        return Optional.of(new Unusual(score, ModifiedZScore.median(others), sample.length));
    }

    /**
     * "dropped 84 % (25.00 → 4.00 USD), 9.0× its usual move of 9.3 %; modified z-score 13 over 24
     * changes in 90 days", or with {@link Tense#PROPOSED} "drops 84 % …".
     */
    public static String reason(Tense tense, Money before, Money after, Unusual unusual) {
        double percent = percentChange(before, after);
        String verb = percent < 0
                ? (tense == Tense.PAST ? "dropped " : "drops ")
                : (tense == Tense.PAST ? "rose " : "rises ");
        String move = verb + number(Math.abs(percent)) + " % (" + before.amount().toPlainString() + " → "
                + money(after) + ")";
        double usual = unusual.usualPercent();
        String compared = usual > 0
                ? number(Math.abs(percent) / usual) + "× its usual move of " + number(usual) + " %"
                : "where its other moves were too small to measure";
        return move + ", " + compared + "; modified z-score " + number(unusual.score()) + " over "
                + unusual.sampleSize() + " changes in 90 days";
    }

    /** Whether {@code price} is below {@code cost}: only a cost in the price's currency says so. */
    public static boolean belowCost(Money price, Money cost) {
        return cost != null && cost.currency().equals(price.currency()) && price.compareTo(cost) < 0;
    }

    /**
     * "priced 4.00 USD, 1.00 under its cost of 5.00 USD (20 % below)", or with {@link Tense#PROPOSED}
     * "would be priced …". A cost of 0 (a negative price under it) has no percentage.
     */
    public static String belowCostReason(Tense tense, Money price, Money cost) {
        BigDecimal gap = cost.amount().subtract(price.amount());
        String percent = cost.amount().signum() > 0
                ? " (" + number(-percentChange(cost, price)) + " % below)" : "";
        return (tense == Tense.PAST ? "priced " : "would be priced ") + money(price) + ", " + gap.toPlainString()
                + " under its cost of " + money(cost) + percent;
    }

    public static String money(Money money) {
        return money.amount().toPlainString() + " " + money.currency();
    }

    /** A percentage or a multiple for a sentence: whole from 10 up, one decimal below ("84", "9.3"). */
    public static String number(double value) {
        double abs = Math.abs(value);
        return abs >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** How far {@code to} is from {@code from} in percent of {@code from} (from is not 0). */
    public static double percentChange(Money from, Money to) {
        return percentChange(from.amount(), to.amount());
    }

    /** How far {@code to} is from {@code from} in percent of {@code from} (from is not 0). */
    public static double percentChange(BigDecimal from, BigDecimal to) {
        return to.subtract(from).multiply(BigDecimal.valueOf(100)).divide(from, 6, RoundingMode.HALF_EVEN).doubleValue();
    }
}
