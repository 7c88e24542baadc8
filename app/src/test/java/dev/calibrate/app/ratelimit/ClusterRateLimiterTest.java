package dev.calibrate.app.ratelimit;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.webhooks.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter over the shared database: each test its own bucket key, and limiters built here (two of them
 * on one key are two nodes of a cluster), so no other Spring context is started.
 */
class ClusterRateLimiterTest extends IntegrationTest {

    private static final Limit FIVE_A_SECOND_BURST_TEN = new Limit(5, 10);

    /** The database's clock: the server's own. */
    @Autowired
    PermitLeases realLeases;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    private final String key = "test:" + UUID.randomUUID();
    /** A day ahead: the server's cleanup forgets rows an hour idle by the database's clock, never these. */
    private final FakeClock clock = new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1)));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aFullBucketGrantsItsBurstThenRefusesUntilItsNextPermit() {
        ClusterRateLimiter node = node(clock, 0.2);
        assertThat(takeAll(node, 50)).isEqualTo(10);
        ClusterRateLimiter.Decision refused = node.take(key, FIVE_A_SECOND_BURST_TEN);
        assertThat(refused.allowed()).isFalse();
        // empty: not asked again before a batch (two permits) is due, in 2/5 s; the header rounds up to a second
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(400).plusNanos(1_000));
        assertThat(refused.resetSeconds()).isEqualTo(1);
    }

    @Test
    void anEmptyBucketRefillsAtItsRateAndNeverBeyondItsBurst() {
        // leases of one permit: with larger ones a node leaves a part of a batch in the row until the rest is due
        ClusterRateLimiter node = node(clock, 0.1);
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
        // the database's clock; timeouts long enough that a starved machine does not take the limiter's
        // let-through paths (a lock wait or a lease past its timeout), which would grant beyond the bucket by design
        PermitLeases databaseClock = new PermitLeases(jdbc, transactions, Duration.ofSeconds(30), null);
        ClusterRateLimiter a = new ClusterRateLimiter(databaseClock, Clock.systemUTC(), 0.1, Duration.ofSeconds(1),
                Duration.ofSeconds(30), meters);
        ClusterRateLimiter b = new ClusterRateLimiter(databaseClock, Clock.systemUTC(), 0.1, Duration.ofSeconds(1),
                Duration.ofSeconds(30), meters);
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
        assertThat(meters.counter("calibrate.rate_limit.lock.timeouts").count()).isZero();
        assertThat(meters.counter("calibrate.rate_limit.lease.failures").count()).isZero();
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
    void anEmptyBucketIsNotAskedAgainBeforeAWholeBatchIsDue() {
        AtomicInteger asked = new AtomicInteger();
        ClusterRateLimiter node = limiter(counting(asked), 1.0, Duration.ofSeconds(1));
        assertThat(takeAll(node, 10)).isEqualTo(10);
        assertThat(asked.get()).as("one lease of the whole burst").isEqualTo(1);
        assertThat(takeAll(node, 1000)).isZero();
        assertThat(asked.get()).as("the lease emptied the row: not asked again until a batch of ten is due")
                .isEqualTo(1);
        clock.advance(Duration.ofMillis(1_999));
        assertThat(takeAll(node, 1000)).as("a permit is due, the batch is not").isZero();
        assertThat(asked.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(2));
        assertThat(takeAll(node, 1000)).isEqualTo(10);
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void aFloodAsksTheRowAboutOnceABatchNotOnceAPermit() {
        AtomicInteger asked = new AtomicInteger();
        Limit hundredASecond = new Limit(100, 100);
        ClusterRateLimiter node = limiter(counting(asked), 0.1, Duration.ofSeconds(1));
        int granted = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            for (int i = 0; i < 5; i++) {
                if (node.take(key, hundredASecond).allowed()) granted++;
            }
            clock.advance(Duration.ofMillis(1));
        }
        // 10 s at 100 a second in batches of 10: 10 leases a second, plus the burst's 10 at the start
        assertThat(asked.get()).isLessThanOrEqualTo(10 * 10 + 12);
        assertThat(granted).isBetween(1_000, 1_100);
    }

    @Test
    void aFailingDatabaseLetsRequestsThroughFromANodeLocalBatchWithoutAskingForEach() {
        AtomicInteger asked = new AtomicInteger();
        PermitLeases failing = new PermitLeases(jdbc, transactions, Duration.ofMillis(250), clock) {
            @Override
            public Lease lease(String k, Limit limit, int want) {
                asked.incrementAndGet();
                throw new QueryTimeoutException("canceling statement due to statement timeout");
            }
        };
        ClusterRateLimiter node = limiter(failing, 0.2, Duration.ofSeconds(1));
        assertThat(takeAll(node, 2)).as("a batch of two, from this node alone").isEqualTo(2);
        assertThat(asked.get()).isEqualTo(1);
        assertThat(meters.counter("calibrate.rate_limit.lease.failures").count()).isEqualTo(1.0);
        clock.advance(Duration.ofSeconds(1));
        assertThat(node.take(key, FIVE_A_SECOND_BURST_TEN).allowed()).isTrue();
        assertThat(asked.get()).as("the allowance lasts a lease's life, then the database is asked again")
                .isEqualTo(2);
    }

    @Test
    void noPooledConnectionForALeaseLetsRequestsThroughLikeAFailingDatabase() {
        PermitLeases starved = new PermitLeases(jdbc, transactions, Duration.ofMillis(250), clock) {
            @Override
            public Lease lease(String k, Limit limit, int want) {
                throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction");
            }
        };
        ClusterRateLimiter node = limiter(starved, 0.2, Duration.ofSeconds(1));

        assertThat(takeAll(node, 2)).as("a batch of two, from this node alone").isEqualTo(2);
        assertThat(meters.counter("calibrate.rate_limit.lease.failures").count()).isEqualTo(1.0);
    }

    @Test
    void aStalledLeaseNeitherBlocksOtherRequestsPastTheTimeoutNorFailsThem() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stalled = new CountDownLatch(1);
        PermitLeases stalling = new PermitLeases(jdbc, transactions, Duration.ofMillis(250), clock) {
            @Override
            public Lease lease(String k, Limit limit, int want) {
                stalled.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.lease(k, limit, want);
            }
        };
        ClusterRateLimiter node = limiter(stalling, 0.2, Duration.ofSeconds(1));
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<ClusterRateLimiter.Decision> leasing = first.submit(() -> node.take(key, FIVE_A_SECOND_BURST_TEN));
            assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            ClusterRateLimiter.Decision waited = node.take(key, FIVE_A_SECOND_BURST_TEN);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(waited.allowed()).as("let through, not refused, not failed").isTrue();
            assertThat(meters.counter("calibrate.rate_limit.lock.timeouts").count()).isEqualTo(1.0);
            release.countDown();
            assertThat(leasing.get(5, TimeUnit.SECONDS).allowed()).isTrue();
        } finally {
            release.countDown();
            first.shutdownNow();
        }
    }

    @Test
    void aLeaseLastsItsLifeFromWhenItCameBackNotFromWhenItWasAsked() {
        AtomicInteger asked = new AtomicInteger();
        PermitLeases slow = new PermitLeases(jdbc, transactions, Duration.ofMillis(250), clock) {
            @Override
            public Lease lease(String k, Limit limit, int want) {
                asked.incrementAndGet();
                Lease lease = super.lease(k, limit, want);
                clock.advance(Duration.ofMillis(500));
                return lease;
            }
        };
        ClusterRateLimiter node = limiter(slow, 0.5, Duration.ofSeconds(1));
        assertThat(node.take(key, FIVE_A_SECOND_BURST_TEN).allowed()).isTrue();
        clock.advance(Duration.ofMillis(600));
        assertThat(node.take(key, FIVE_A_SECOND_BURST_TEN).allowed()).isTrue();
        assertThat(asked.get()).as("1.1 s after it was asked, 0.6 s after it came back: still live").isEqualTo(1);
    }

    @Test
    void idleBucketsAreForgottenByTheDatabasesClock() {
        String old = key + ":old";
        jdbc.update("INSERT INTO rate_limit_bucket (bucket_key, available, refilled_at)"
                + " VALUES (:old, 1, clock_timestamp() - interval '61 minutes'),"
                + " (:recent, 1, clock_timestamp() - interval '59 minutes')",
                java.util.Map.of("old", old, "recent", key));
        realLeases.forgetIdle(Duration.ofHours(1));
        assertThat(jdbc.queryForList("SELECT bucket_key FROM rate_limit_bucket WHERE bucket_key IN (:old, :recent)",
                java.util.Map.of("old", old, "recent", key), String.class)).containsExactly(key);
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
        return limiter(new PermitLeases(jdbc, transactions, Duration.ofMillis(250), clock), leaseFraction,
                Duration.ofSeconds(1));
    }

    private ClusterRateLimiter limiter(PermitLeases leases, double leaseFraction, Duration leaseTtl) {
        return new ClusterRateLimiter(leases, clock, leaseFraction, leaseTtl, Duration.ofMillis(250), meters);
    }

    private PermitLeases counting(AtomicInteger asked) {
        return new PermitLeases(jdbc, transactions, Duration.ofMillis(250), clock) {
            @Override
            public Lease lease(String k, Limit limit, int want) {
                asked.incrementAndGet();
                return super.lease(k, limit, want);
            }
        };
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
