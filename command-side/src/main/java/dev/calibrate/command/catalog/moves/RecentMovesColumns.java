package dev.calibrate.command.catalog.moves;

import dev.calibrate.kernel.product.CatalogEntry.PricePoint;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code TenantCatalog}'s columns per currency code of {@link RecentMoves} (null for a row without
 * changes), of {@link PriceSpells} (null for a row without an earlier price in the last 30 days) and of
 * when the current price began ({@code since}, {@link PriceSpells#UNKNOWN} when not known), with the
 * bytes the moves and spells take: the anomaly statistics kept apart from the prices they follow.
 * Guarded by the catalog's lock.
 */
public final class RecentMovesColumns {

    private RecentMoves[][] moves = new RecentMoves[0][];
    private PriceSpells[][] spells = new PriceSpells[0][];
    private long[][] since = new long[0][];
    private long bytes;

    /** A column for the next currency code, of {@code capacity} rows. */
    public void addCurrency(int capacity) {
        moves = Arrays.copyOf(moves, moves.length + 1);
        moves[moves.length - 1] = new RecentMoves[capacity];
        spells = Arrays.copyOf(spells, spells.length + 1);
        spells[spells.length - 1] = new PriceSpells[capacity];
        since = Arrays.copyOf(since, since.length + 1);
        since[since.length - 1] = unknown(capacity);
    }

    /** {@code row}'s statistics in {@code currency} as a rebuild reads them from its recent prices. */
    public void rebuilt(int row, int currency, List<PricePoint> prices, int scale) {
        set(row, currency, RecentMoves.of(prices));
        setSpells(row, currency, PriceSpells.of(prices, scale));
        since[currency][row] = PriceSpells.since(prices);
    }

    /** {@code row}'s changes in {@code currency} as a rebuild reads them from its recent prices. */
    public void set(int row, int currency, RecentMoves recent) {
        RecentMoves old = moves[currency][row];
        if (old == recent) {
            return;
        }
        bytes += (recent == null ? 0 : recent.estimatedBytes()) - (old == null ? 0 : old.estimatedBytes());
        moves[currency][row] = recent;
    }

    private void setSpells(int row, int currency, PriceSpells recent) {
        PriceSpells old = spells[currency][row];
        bytes += (recent == null ? 0 : recent.estimatedBytes()) - (old == null ? 0 : old.estimatedBytes());
        spells[currency][row] = recent;
    }

    /** {@code row} got its first price in {@code currency} at {@code at}. */
    public void priced(int row, int currency, Instant at) {
        since[currency][row] = at.toEpochMilli();
    }

    /**
     * The price of {@code row} in {@code currency} moved from {@code before} to {@code after} (both
     * unscaled at {@code scale}; the same amount again is no move) at {@code at}.
     */
    public void moved(int row, int currency, long before, BigDecimal after, int scale, Instant at) {
        set(row, currency, RecentMoves.with(moves[currency][row], BigDecimal.valueOf(before, scale), after, at));
        if (BigDecimal.valueOf(before, scale).compareTo(after) != 0) {
            setSpells(row, currency, PriceSpells.with(spells[currency][row], since[currency][row], before, at.toEpochMilli()));
            since[currency][row] = at.toEpochMilli();
        }
    }

    /** A new row has no changes (its slot may hold a stale reference from before a resize). */
    public void clear(int row) {
        for (RecentMoves[] column : moves) column[row] = null;
        for (PriceSpells[] column : spells) column[row] = null;
        for (long[] column : since) column[row] = PriceSpells.UNKNOWN;
    }

    public void grow(int capacity) {
        for (int c = 0; c < moves.length; c++) {
            moves[c] = Arrays.copyOf(moves[c], capacity);
            spells[c] = Arrays.copyOf(spells[c], capacity);
            int old = since[c].length;
            since[c] = Arrays.copyOf(since[c], capacity);
            if (capacity > old) Arrays.fill(since[c], old, capacity, PriceSpells.UNKNOWN);
        }
    }

    private static long[] unknown(int capacity) {
        long[] column = new long[capacity];
        Arrays.fill(column, PriceSpells.UNKNOWN);
        return column;
    }

    /** The first {@code size} rows of each column, for a snapshot: the moves themselves are immutable. */
    public RecentMoves[][] snapshot(int size) {
        RecentMoves[][] copy = new RecentMoves[moves.length][];
        for (int c = 0; c < moves.length; c++) {
            copy[c] = Arrays.copyOf(moves[c], size);
        }
        return copy;
    }

    /** The first {@code size} rows of each currency's earlier prices, for a snapshot: they are immutable. */
    public PriceSpells[][] spellsSnapshot(int size) {
        PriceSpells[][] copy = new PriceSpells[spells.length][];
        for (int c = 0; c < spells.length; c++) {
            copy[c] = Arrays.copyOf(spells[c], size);
        }
        return copy;
    }

    /** The first {@code size} rows of each currency's {@code since} column, for a snapshot. */
    public long[][] sinceSnapshot(int size) {
        long[][] copy = new long[since.length][];
        for (int c = 0; c < since.length; c++) {
            copy[c] = Arrays.copyOf(since[c], size);
        }
        return copy;
    }

    /**
     * The moves' and earlier prices' own bytes; the references and the {@code since} column are counted
     * with the catalog's price rows.
     */
    public long estimatedBytes() {
        return bytes;
    }
}
