package dev.calibrate.app.ratelimit;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.webhooks.FakeClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter over the shared database: each test its own bucket key, and limiters built here (two of them
 * on one key are two nodes of a cluster), so no other Spring context is started.
 */
class ClusterRateLimiterTest extends IntegrationTest {

    private static final Limit FIVE_A_SECOND_BURST_TEN = new Limit(5, 10);

    @Autowired
    PermitLeases leases;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    private final String key = "test:" + UUID.randomUUID();
    /** A day ahead: the server's own limiter forgets rows an hour idle by the real clock, never these. */
    private final FakeClock clock = new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1)));

    @Test
    void aFullBucketGrantsItsBurstThenRefusesUntilItsNextPermit() {
        ClusterRateLimiter node = node(clock, 0.2);
        assertThat(takeAll(node, 50)).isEqualTo(10);
        ClusterRateLimiter.Decision refused = node.take(key, FIVE_A_SECOND_BURST_TEN);
        assertThat(refused.allowed()).isFalse();
        // empty: one permit in 1/5 s; the header rounds up to a whole second
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(200));
        assertThat(refused.resetSeconds()).isEqualTo(1);
    }

    @Test
    void anEmptyBucketRefillsAtItsRateAndNeverBeyondItsBurst() {
        ClusterRateLimiter node = node(clock, 0.2);
        takeAll(node, 50);
        clock.advance(Duration.ofSeconds(1));
        assertThat(takeAll(node, 50)).as("one second at 5 a second").isEqualTo(5);
        clock.advance(Duration.ofMinutes(10));
        assertThat(takeAll(node, 50)).as("ten minutes idle fill the bucket, no more").isEqualTo(10);
    }

    @Test
    void twoNodesOnOneDatabaseTogetherGrantNoMoreThanTheBucket() {
        ClusterRateLimiter a = node(clock, 0.2);
        ClusterRateLimiter b = node(clock, 0.2);
        int granted = 0;
        for (int step = 0; step < 40; step++) {
            granted += takeAll(a, 3) + takeAll(b, 3);
            clock.advance(Duration.ofMillis(100));
        }
        // the last take came 3.9 s after the first: the burst plus 3.9 s × 5 a second, whichever node asked
        assertThat(granted).isLessThanOrEqualTo(29).isGreaterThanOrEqualTo(25);
    }

    @Test
    void twoNodesRacingOnTheRealClockNeverExceedTheLimitOverTheWindow() throws Exception {
        Limit limit = new Limit(20, 40);
        ClusterRateLimiter a = new ClusterRateLimiter(leases, Clock.systemUTC(), 0.1, Duration.ofSeconds(1));
        ClusterRateLimiter b = new ClusterRateLimiter(leases, Clock.systemUTC(), 0.1, Duration.ofSeconds(1));
        AtomicInteger granted = new AtomicInteger();
        long started = System.nanoTime();
        long until = started + Duration.ofMillis(1500).toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ClusterRateLimiter node = i % 2 == 0 ? a : b;
                work.add(() -> {
                    while (System.nanoTime() < until) {
                        if (node.take(key, limit).allowed()) granted.incrementAndGet();
                    }
                    return null;
                });
            }
            for (Future<Void> done : threads.invokeAll(work)) done.get();
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(granted.get()).as("granted in %.2f s", seconds)
                .isLessThanOrEqualTo((int) Math.ceil(40 + 20 * seconds))
                .isGreaterThanOrEqualTo(40);
    }

    @Test
    void permitsOfAnExpiredLeaseAreLostNotReturnedNorSpentLater() {
        Limit slow = new Limit(0.001, 10);
        ClusterRateLimiter a = node(clock, 0.5);
        ClusterRateLimiter b = node(clock, 0.5);
        assertThat(a.take(key, slow).allowed()).isTrue();
        assertThat(available()).as("a leased five, spent one").isEqualTo(5.0);
        clock.advance(Duration.ofSeconds(2));
        assertThat(a.take(key, slow).allowed()).as("a new lease, the old one's four are gone").isTrue();
        assertThat(available()).isLessThan(0.01);
        clock.advance(Duration.ofSeconds(2));
        assertThat(a.take(key, slow).allowed()).as("the second lease expired too").isFalse();
        assertThat(b.take(key, slow).allowed()).as("and the other node finds the bucket empty").isFalse();
    }

    @Test
    void anEmptyBucketIsNotAskedAgainBeforeItsNextPermit() {
        AtomicInteger asked = new AtomicInteger();
        PermitLeases counting = new PermitLeases(jdbc) {
            @Override
            public Lease lease(String k, Limit limit, int want, Instant now) {
                asked.incrementAndGet();
                return super.lease(k, limit, want, now);
            }
        };
        ClusterRateLimiter node = new ClusterRateLimiter(counting, clock, 1.0, Duration.ofSeconds(1));
        assertThat(takeAll(node, 10)).isEqualTo(10);
        assertThat(asked.get()).as("one lease of the whole burst").isEqualTo(1);
        assertThat(takeAll(node, 1000)).isZero();
        assertThat(asked.get()).as("the refusal is remembered until the next permit").isEqualTo(2);
        clock.advance(Duration.ofMillis(200));
        assertThat(node.take(key, FIVE_A_SECOND_BURST_TEN).allowed()).isTrue();
        assertThat(asked.get()).isEqualTo(3);
    }

    @Test
    void aPermitGivenBackIsSpentAgainFromTheSameLease() {
        ClusterRateLimiter node = node(clock, 1.0);
        assertThat(takeAll(node, 10)).isEqualTo(10);
        node.giveBack(key);
        assertThat(node.take(key, FIVE_A_SECOND_BURST_TEN).allowed()).isTrue();
        assertThat(node.take(key, FIVE_A_SECOND_BURST_TEN).allowed()).isFalse();
    }

    private ClusterRateLimiter node(Clock clock, double leaseFraction) {
        return new ClusterRateLimiter(leases, clock, leaseFraction, Duration.ofSeconds(1));
    }

    private int takeAll(ClusterRateLimiter node, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            if (node.take(key, FIVE_A_SECOND_BURST_TEN).allowed()) granted++;
        }
        return granted;
    }

    private double available() {
        return jdbc.queryForObject("SELECT available FROM rate_limit_bucket WHERE bucket_key = :key",
                java.util.Map.of("key", key), Double.class);
    }
}
