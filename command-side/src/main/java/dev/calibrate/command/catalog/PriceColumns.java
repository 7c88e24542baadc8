package dev.calibrate.command.catalog;

import dev.calibrate.command.catalog.moves.PriceSpells;
import dev.calibrate.command.catalog.moves.RecentMoves;
import dev.calibrate.command.catalog.moves.RecentMovesColumns;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogEntry.PricePoint;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link TenantCatalog}'s prices: the currencies it has met (as dictionary codes, a column pair per
 * currency, added the first time one is met) and per currency each row's price and compare-at, unscaled
 * at the currency's scale, with the row's recent moves. Grown with the catalog's rows; guarded by the
 * catalog's lock.
 */
final class PriceColumns {

    /**
     * Bytes per row of one currency's price, compare-at, references to its recent moves and earlier prices
     * (which count apart) and when its price began.
     */
    private static final long PRICE_ROW_BYTES = 40;

    private final ProductRows rows;
    private final Dictionary<String> currencies = new Dictionary<>(Dictionary::stringBytes);
    /** Per currency code: price and compare-at of each row, unscaled at the currency's scale. */
    private long[][] price = new long[0][];
    private long[][] compareAt = new long[0][];
    /** Per currency code: each row's recent price changes (see {@link RecentMoves}). */
    private final RecentMovesColumns moves = new RecentMovesColumns();
    private int[] currencyScale = new int[0];

    PriceColumns(ProductRows rows) {
        this.rows = rows;
    }

    /** The currency's code, its columns added the first time it is met. */
    int currency(String code) {
        int currency = currencies.code(code);
        if (currency == price.length) {
            price = Arrays.copyOf(price, currency + 1);
            compareAt = Arrays.copyOf(compareAt, currency + 1);
            currencyScale = Arrays.copyOf(currencyScale, currency + 1);
            moves.addCurrency(rows.capacity());
            price[currency] = absent(rows.capacity());
            compareAt[currency] = absent(rows.capacity());
            currencyScale[currency] = Money.minorUnits(code);
        }
        return currency;
    }

    /** {@code amount} unscaled at the scale of the currency with code {@code currency}. */
    long unscaled(BigDecimal amount, int currency) {
        return amount.setScale(currencyScale[currency], RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    /**
     * The price in {@code amount}'s currency, and its compare-at (null removes it). A price set at
     * {@code at} (an event's time; null when a rebuild puts the current price) that changes the one held
     * is one of the row's {@link RecentMoves}.
     */
    void price(int row, Money amount, Money compare, Instant at) {
        int currency = currency(amount.currency());
        long priceAmount = unscaled(amount.amount(), currency);
        long compareAmount = compare == null ? TenantCatalog.ABSENT : unscaled(compare.amount(), currency);
        long before = price[currency][row];
        if (at != null && before != TenantCatalog.ABSENT) {
            moves.moved(row, currency, before, amount.amount(), currencyScale[currency], at);
        } else if (at != null) {
            moves.priced(row, currency, at);
        }
        price[currency][row] = priceAmount;
        compareAt[currency][row] = compareAmount;
    }

    /** A new row's recent prices in {@code currency} as the read model holds them (a rebuild). */
    void rebuilt(int row, String currency, List<PricePoint> prices) {
        int code = currency(currency);
        moves.rebuilt(row, code, prices, currencyScale[code]);
    }

    /** A new row: no price in any currency, no moves. */
    void clear(int row) {
        for (long[] column : price) column[row] = TenantCatalog.ABSENT;
        for (long[] column : compareAt) column[row] = TenantCatalog.ABSENT;
        moves.clear(row);
    }

    void grow(int capacity) {
        for (int c = 0; c < price.length; c++) {
            price[c] = grown(price[c], capacity);
            compareAt[c] = grown(compareAt[c], capacity);
        }
        moves.grow(capacity);
    }

    /** What the price columns hold on the heap for {@code capacity} rows, the currencies and moves included. */
    long estimatedBytes(long capacity) {
        return capacity * PRICE_ROW_BYTES * price.length + moves.estimatedBytes() + currencies.estimatedBytes();
    }

    /** The currencies, their scales, and per currency the prices, compare-ats and moves of the first {@code size} rows. */
    Snapshot snapshot(int size) {
        long[][] prices = new long[price.length][];
        long[][] compareAts = new long[price.length][];
        for (int c = 0; c < price.length; c++) {
            prices[c] = Arrays.copyOf(price[c], size);
            compareAts[c] = Arrays.copyOf(compareAt[c], size);
        }
        return new Snapshot(currencies.snapshot(new String[0]), Arrays.copyOf(currencyScale, currencyScale.length),
                prices, compareAts, moves.snapshot(size), moves.spellsSnapshot(size), moves.sinceSnapshot(size));
    }

    record Snapshot(String[] currencies, int[] scales, long[][] prices, long[][] compareAts, RecentMoves[][] moves,
                    PriceSpells[][] spells, long[][] since) {
    }

    private static long[] absent(int length) {
        long[] column = new long[length];
        Arrays.fill(column, TenantCatalog.ABSENT);
        return column;
    }

    private static long[] grown(long[] column, int capacity) {
        int old = column.length;
        long[] copy = Arrays.copyOf(column, capacity);
        if (capacity > old) Arrays.fill(copy, old, capacity, TenantCatalog.ABSENT);
        return copy;
    }
}
