package dev.calibrate.command.catalog;

import dev.calibrate.kernel.product.ProductId;

import java.util.Arrays;

/**
 * Which row of a {@link TenantCatalog} holds which product: the ids as two columns of longs and an
 * open-addressing table of rows over them (4 bytes a slot, at most half full), instead of a map of
 * boxed ids. Rows are only added.
 */
final class ProductRows {

    private long[] high = new long[16];
    private long[] low = new long[16];
    /** Row + 1 per slot, 0 for an empty one. */
    private int[] slots = new int[32];
    private int size;

    int size() {
        return size;
    }

    int capacity() {
        return high.length;
    }

    /** The product's row, or -1. */
    int find(ProductId productId) {
        long h = productId.value().getMostSignificantBits();
        long l = productId.value().getLeastSignificantBits();
        int mask = slots.length - 1;
        for (int slot = hash(h, l) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int row = slots[slot] - 1;
            if (high[row] == h && low[row] == l) {
                return row;
            }
        }
        return -1;
    }

    /** A new row for a product not here yet; the caller grows its own columns to {@link #capacity()}. */
    int add(ProductId productId) {
        if (size == high.length) {
            resize(size * 2);
        }
        int row = size++;
        high[row] = productId.value().getMostSignificantBits();
        low[row] = productId.value().getLeastSignificantBits();
        if (size * 2 > slots.length) {
            slots = new int[slots.length * 2];
            for (int r = 0; r < size; r++) insert(r);
        } else {
            insert(row);
        }
        return row;
    }

    void resize(int capacity) {
        high = Arrays.copyOf(high, capacity);
        low = Arrays.copyOf(low, capacity);
    }

    long[] highs() {
        return Arrays.copyOf(high, size);
    }

    long[] lows() {
        return Arrays.copyOf(low, size);
    }

    long estimatedBytes() {
        return 16L * high.length + 4L * slots.length;
    }

    private void insert(int row) {
        int mask = slots.length - 1;
        int slot = hash(high[row], low[row]) & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = row + 1;
    }

    private static int hash(long h, long l) {
        long mixed = (h ^ l) * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }
}
