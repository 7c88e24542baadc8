package dev.calibrate.connectors.amazon.api;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The client-side bucket lets a burst through, then paces at the documented rate. */
class RateBucketTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(0);

    @Test
    void aFullBucketLetsTheBurstThroughAtOnce() {
        RateBucket catalog = new RateBucket(2, 2, now::get);

        assertThat(catalog.reserve()).isZero();
        assertThat(catalog.reserve()).isZero();
        assertThat(catalog.reserve()).as("the third call waits for one token at 2/s").isEqualTo(SECOND / 2);
    }

    @Test
    void reservationsQueueSoConcurrentCallersStillKeepTheRate() {
        RateBucket listings = new RateBucket(5, 10, now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(listings.reserve()).isZero();
        }

        assertThat(listings.reserve()).isEqualTo(SECOND / 5);
        assertThat(listings.reserve()).isEqualTo(2 * SECOND / 5);
    }

    @Test
    void timeRefillsTheBucketUpToTheBurstOnly() {
        RateBucket catalog = new RateBucket(2, 2, now::get);
        catalog.reserve();
        catalog.reserve();

        now.addAndGet(60 * SECOND);

        assertThat(catalog.reserve()).isZero();
        assertThat(catalog.reserve()).isZero();
        assertThat(catalog.reserve()).isEqualTo(SECOND / 2);
    }

    @Test
    void aQuotaExceededAnswerEmptiesTheBucket() {
        RateBucket listings = new RateBucket(5, 10, now::get);

        listings.drain();

        assertThat(listings.reserve()).isEqualTo(SECOND / 5);
    }
}
