package dev.calibrate.command.catalog.moves;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;

/**
 * A {@code TenantCatalog}'s column of {@link RecentMoves} per currency code (null for a row without
 * changes), with the bytes they take: the anomaly statistics kept apart from the prices they follow.
 * Guarded by the catalog's lock.
 */
public final class RecentMovesColumns {

    private RecentMoves[][] moves = new RecentMoves[0][];
    private long bytes;

    /** A column for the next currency code, of {@code capacity} rows. */
    public void addCurrency(int capacity) {
        moves = Arrays.copyOf(moves, moves.length + 1);
        moves[moves.length - 1] = new RecentMoves[capacity];
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

    /** The price of {@code row} in {@code currency} moved from {@code before} to {@code after} at {@code at}. */
    public void moved(int row, int currency, BigDecimal before, BigDecimal after, Instant at) {
        set(row, currency, RecentMoves.with(moves[currency][row], before, after, at));
    }

    /** A new row has no changes (its slot may hold a stale reference from before a resize). */
    public void clear(int row) {
        for (RecentMoves[] column : moves) column[row] = null;
    }

    public void grow(int capacity) {
        for (int c = 0; c < moves.length; c++) {
            moves[c] = Arrays.copyOf(moves[c], capacity);
        }
    }

    /** The first {@code size} rows of each column, for a snapshot: the moves themselves are immutable. */
    public RecentMoves[][] snapshot(int size) {
        RecentMoves[][] copy = new RecentMoves[moves.length][];
        for (int c = 0; c < moves.length; c++) {
            copy[c] = Arrays.copyOf(moves[c], size);
        }
        return copy;
    }

    /** The moves' own bytes; the references are counted with the catalog's price rows. */
    public long estimatedBytes() {
        return bytes;
    }
}
