package dev.calibrate.kernel.message;

import dev.calibrate.kernel.error.InvalidInput;

/**
 * Validated page parameters: page from 0, size 1..500, and no page that starts past the
 * {@link #MAX_OFFSET}th row.
 */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 500;
    /**
     * PostgreSQL reads and throws away every row before an OFFSET, so one request for page 10,000,000
     * would make the database walk the whole table; 100,000 rows still pages through any catalog a
     * filter narrows to, at a cost a request may have.
     */
    public static final long MAX_OFFSET = 100_000;

    public static Paging of(int page, int size) {
        if (page < 0) {
            throw new InvalidInput("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInput("size", "must be between 1 and " + MAX_SIZE);
        }
        if ((long) page * size > MAX_OFFSET) {
            throw new InvalidInput("page", "must be at most " + MAX_OFFSET / size + " with size " + size
                    + ": pages end " + MAX_OFFSET + " rows in; narrow the filter to read further");
        }
        return new Paging(page, size);
    }

    public long offset() {
        return (long) page * size;
    }
}
