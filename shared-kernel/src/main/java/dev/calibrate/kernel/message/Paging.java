package dev.calibrate.kernel.message;

import dev.calibrate.kernel.error.InvalidInput;

/** Validated page parameters: page from 0, size 1..500. */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 500;

    public static Paging of(int page, int size) {
        if (page < 0) {
            throw new InvalidInput("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInput("size", "must be between 1 and " + MAX_SIZE);
        }
        return new Paging(page, size);
    }

    public long offset() {
        return (long) page * size;
    }
}
