package dev.calibrate.app.console;

import java.util.List;

/** One page of a list, and whether there are pages before and after it. */
public record Paged<T>(List<T> items, int page, int size, long total) {

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }
}
