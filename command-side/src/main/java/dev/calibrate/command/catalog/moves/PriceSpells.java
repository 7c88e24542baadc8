package dev.calibrate.command.catalog.moves;

import dev.calibrate.kernel.anomaly.AboveAverage;
import dev.calibrate.kernel.anomaly.AboveAverage.Above;
import dev.calibrate.kernel.product.CatalogEntry.PricePoint;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A product's earlier prices of one currency that ended within {@link AboveAverage#WINDOW} of its
 * latest change, oldest first: the amount (unscaled at the currency's scale) and when each began; each
 * held until the next began, the last until the current price began (the catalog's {@code since}
 * column). With the current price they are what {@link AboveAverage} averages, so a preview judges a
 * proposed price as the endpoint would once it were set. Unlike {@link RecentMoves} they keep a price
 * of 0 or below (it weighs in the average) and need no log return. At most {@link #MAX}, the most
 * recent: past that the oldest are dropped, not folded (a rebuild reads no more), so the average then
 * covers only the kept prices' time and can differ from the endpoint's over the full history;
 * immutable, so that a catalog's snapshot shares them while later events make new ones.
 */
public final class PriceSpells {

    /** Earlier prices kept: with the current one, as many prices as {@link RecentMoves} keeps changes plus one. */
    public static final int MAX = RecentMoves.MAX;
    /** The start of a price held since before anything the catalog knows (a rebuild without its history). */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final long[] NONE = new long[0];
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};

    private final long[] from;
    private final long[] amounts;
    /** The highest and lowest amounts kept: an average of some of them and the current price lies between. */
    private final long highest;
    private final long lowest;

    private PriceSpells(long[] from, long[] amounts) {
        this.from = from;
        this.amounts = amounts;
        long max = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        for (long amount : amounts) {
            max = Math.max(max, amount);
            min = Math.min(min, amount);
        }
        this.highest = max;
        this.lowest = min;
    }

    /**
     * The earlier prices of a rebuild's history ({@code prices}: oldest first, as the read model's
     * {@code product_price_history} gives them, the last the current price), as following its changes
     * as events would keep them, or null when it holds no change.
     */
    public static PriceSpells of(List<PricePoint> prices, int scale) {
        PriceSpells spells = null;
        long start = prices.isEmpty() ? UNKNOWN : prices.get(0).at().toEpochMilli();
        for (int i = 1; i < prices.size(); i++) {
            BigDecimal before = prices.get(i - 1).amount();
            if (before.compareTo(prices.get(i).amount()) != 0) {
                long at = prices.get(i).at().toEpochMilli();
                spells = with(spells, start, unscaled(before, scale), at);
                start = at;
            }
        }
        return spells;
    }

    /** When the current price of a rebuild's history began (the first of its last equal amounts), or {@link #UNKNOWN}. */
    public static long since(List<PricePoint> prices) {
        int first = prices.size() - 1;
        if (first < 0) {
            return UNKNOWN;
        }
        while (first > 0 && prices.get(first - 1).amount().compareTo(prices.get(first).amount()) == 0) {
            first--;
        }
        return prices.get(first).at().toEpochMilli();
    }

    /**
     * {@code spells} (null: none) with the price {@code before}, in effect from {@code since}, ended at
     * {@code atMillis}; those that ended by the window's start before {@code atMillis} are dropped, and
     * the oldest past {@link #MAX}.
     */
    public static PriceSpells with(PriceSpells spells, long since, long before, long atMillis) {
        int size = spells == null ? 0 : spells.from.length;
        long windowStart = atMillis - AboveAverage.WINDOW.toMillis();
        // spell k ends where spell k + 1 begins, the last where the price now ending began; then the cap
        int first = Math.max(size + 1 - MAX,
                AboveAverage.firstHeld(0, size, k -> k + 1 < size ? spells.from[k + 1] : since, windowStart));
        long[] from2 = new long[size - first + 1];
        long[] amounts2 = new long[size - first + 1];
        if (size > first) {
            System.arraycopy(spells.from, first, from2, 0, size - first);
            System.arraycopy(spells.amounts, first, amounts2, 0, size - first);
        }
        from2[from2.length - 1] = since;
        amounts2[amounts2.length - 1] = before;
        return new PriceSpells(from2, amounts2);
    }

    /**
     * {@link AboveAverage#judge} of {@code proposed} at {@code nowMillis} after {@code spells} (null: none)
     * and the current price {@code current} (unscaled at {@code scale}) in effect from {@code since}. A
     * proposed price clearly below 6× the lowest of them all (most are: a product without earlier prices
     * in the window is compared with 6× its current price) costs a few comparisons and no allocation;
     * only one near or past it sums the window, in time linear in the prices kept.
     */
    public static Optional<Above> judge(PriceSpells spells, long since, long current, int scale, BigDecimal proposed,
                                        long nowMillis) {
        long highest = spells == null ? current : Math.max(current, spells.highest);
        long lowest = spells == null ? current : Math.min(current, spells.lowest);
        if (highest <= 0) {
            return Optional.empty(); // an average is at most the highest price averaged, and 0 or below is no yardstick
        }
        if (scale < POW10.length && proposed.doubleValue() * POW10[scale] < 6d * lowest * (1 - 1e-9)) {
            return Optional.empty(); // clearly not above 6× the lowest price, so not above 6× their average
        }
        return judgeAll(spells, since, current, scale, proposed, nowMillis);
    }

    private static Optional<Above> judgeAll(PriceSpells spells, long since, long current, int scale, BigDecimal proposed,
                                            long nowMillis) {
        return spells == null
                ? AboveAverage.judge(proposed, nowMillis, NONE, NONE, 0, since, current, scale)
                : AboveAverage.judge(proposed, nowMillis, spells.from, spells.amounts, spells.from.length, since, current, scale);
    }

    private static long unscaled(BigDecimal amount, int scale) {
        return amount.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    long[] fromForTest() {
        return from.clone();
    }

    long[] amountsForTest() {
        return amounts.clone();
    }

    /** How many earlier prices are kept, for tests. */
    int size() {
        return from.length;
    }

    /** The earlier prices as "amount@from" pairs, for tests comparing two ways to the same spells. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < from.length; i++) {
            text.append(amounts[i]).append('@').append(from[i] == UNKNOWN ? "?" : Instant.ofEpochMilli(from[i])).append(' ');
        }
        return text.toString().trim();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PriceSpells spells && Arrays.equals(from, spells.from) && Arrays.equals(amounts, spells.amounts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(from) + Arrays.hashCode(amounts);
    }

    public long estimatedBytes() {
        return 40 + 2 * (16 + 8L * from.length);
    }
}
