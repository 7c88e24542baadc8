package dev.calibrate.command.pricechange.run;

/**
 * How a price change run cuts its items: {@code size} items per chunk, each chunk one command decided
 * set-wise and one transaction; {@code lanes} chunks written at once, each on its own connection.
 */
public record RunChunks(int size, int lanes) {

    static final int SMALLEST = 1;
    static final int LARGEST = 5_000;

    public RunChunks {
        if (size < SMALLEST || size > LARGEST) {
            throw new IllegalArgumentException("a run's chunk holds " + SMALLEST + " to " + LARGEST + " items, not " + size);
        }
        if (lanes < 1 || lanes > 16) {
            throw new IllegalArgumentException("a run writes 1 to 16 chunks at once, not " + lanes);
        }
    }
}
