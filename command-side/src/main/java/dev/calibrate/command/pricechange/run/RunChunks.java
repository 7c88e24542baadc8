package dev.calibrate.command.pricechange.run;

import java.time.Duration;

/**
 * How a price change run cuts its items: {@code size} items per chunk, each chunk one command decided
 * set-wise and one transaction; {@code lanes} chunks written at once, each on its own connection; and how
 * long a chunk at most waits while the node's requests are busy ({@code giveWay}, zero: never), so that an
 * apply leaves the cores and the database to the requests while they come, and still ends under steady load.
 */
public record RunChunks(int size, int lanes, Duration giveWay) {

    static final int SMALLEST = 1;
    static final int LARGEST = 5_000;
    static final Duration LONGEST_GIVE_WAY = Duration.ofMinutes(1);

    public RunChunks {
        if (size < SMALLEST || size > LARGEST) {
            throw new IllegalArgumentException("a run's chunk holds " + SMALLEST + " to " + LARGEST + " items, not " + size);
        }
        if (lanes < 1 || lanes > 16) {
            throw new IllegalArgumentException("a run writes 1 to 16 chunks at once, not " + lanes);
        }
        if (giveWay == null || giveWay.isNegative() || giveWay.compareTo(LONGEST_GIVE_WAY) > 0) {
            throw new IllegalArgumentException("a chunk gives way to requests for 0 to 60 s, not " + giveWay);
        }
    }
}
