package dev.calibrate.app.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One node's view of the cluster's token buckets: it spends permits it leased from PostgreSQL
 * ({@link PermitLeases}) in memory, and leases the next batch only when the last one is spent or has
 * expired. Once the row keeps less than a batch, it is not asked again before a whole batch is due there:
 * a caller flooding a node with requests it may not send costs that node at most one query a batch.
 * Permits of an expired lease are lost, never returned: the cluster never grants more than
 * {@code burst + rate × t} in any {@code t}, and a node never spends more than that within {@code t} plus
 * one lease's life.
 *
 * <p>A limiter must not take the API down with the database: a lease that fails (or times out) lets the
 * request through from a node-local allowance of one batch for one lease's life, and a request that waits
 * longer than the lease timeout for another thread's lease of the same bucket goes through unlimited.
 */
public class ClusterRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(ClusterRateLimiter.class);
    private static final Duration WARN_AT_MOST_EVERY = Duration.ofMinutes(1);

    private final PermitLeases leases;
    private final Clock clock;
    private final double leaseFraction;
    private final Duration leaseTtl;
    private final Duration lockTimeout;
    private final Counter leaseFailures;
    private final Counter lockTimeouts;
    private final ConcurrentMap<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastSweep;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);

    public ClusterRateLimiter(PermitLeases leases, Clock clock, double leaseFraction, Duration leaseTtl,
                              Duration lockTimeout, MeterRegistry meters) {
        this.leases = leases;
        this.clock = clock;
        this.leaseFraction = leaseFraction;
        this.leaseTtl = leaseTtl;
        this.lockTimeout = lockTimeout;
        this.leaseFailures = Counter.builder("calibrate.rate_limit.lease.failures")
                .description("Leases of permits that failed or timed out; the requests went through on a"
                        + " node-local allowance").register(meters);
        this.lockTimeouts = Counter.builder("calibrate.rate_limit.lock.timeouts")
                .description("Requests let through unlimited after waiting too long for another thread's lease")
                .register(meters);
        this.lastSweep = new AtomicReference<>(clock.instant());
    }

    /** Takes one permit of the bucket {@code key}, leasing a batch from PostgreSQL when this node holds none. */
    public Decision take(String key, Limit limit) {
        sweepIfDue(clock.instant());
        Held bucket = held.computeIfAbsent(key, k -> new Held());
        // one thread per bucket leases while the others wait for its batch, rather than each leasing one;
        // but none waits past the lease's own timeout
        if (!tryLock(bucket)) {
            lockTimeouts.increment();
            return Decision.granted(limit.burst(), limit);
        }
        try {
            Instant now = clock.instant();
            if (bucket.left > 0 && now.isBefore(bucket.expiresAt)) {
                bucket.left--;
                return Decision.granted(bucket.remaining(), limit);
            }
            if (now.isBefore(bucket.refusedUntil)) {
                return Decision.refused(Duration.between(now, bucket.refusedUntil), limit);
            }
            int batch = limit.batch(leaseFraction);
            PermitLeases.Lease lease;
            try {
                lease = leases.lease(key, limit, batch);
            } catch (DataAccessException | TransactionException e) {
                // TransactionException: no pooled connection in time, or the lease's commit failed
                return allowLocally(bucket, key, batch, limit, e);
            }
            Instant leased = clock.instant();
            bucket.clusterKept = lease.kept();
            bucket.left = lease.granted();
            bucket.expiresAt = leased.plus(leaseTtl);
            if (lease.kept() < batch) {
                // the row cannot give a whole batch before then: asking sooner would get a part, or nothing
                bucket.refusedUntil = leased.plus(limit.timeFor(batch - lease.kept()));
            }
            if (lease.granted() == 0) {
                return Decision.refused(Duration.between(leased, bucket.refusedUntil), limit);
            }
            bucket.left--;
            return Decision.granted(bucket.remaining(), limit);
        } finally {
            bucket.lock.unlock();
        }
    }

    /**
     * Gives back a permit just taken, when the request was refused by another bucket after all (a
     * caller's permit when its tenant's bucket was empty): kept only while its lease is live.
     */
    public void giveBack(String key) {
        Held bucket = held.get(key);
        if (bucket != null && tryLock(bucket)) {
            try {
                if (clock.instant().isBefore(bucket.expiresAt)) {
                    bucket.left++;
                }
            } finally {
                bucket.lock.unlock();
            }
        }
    }

    /** Buckets this node holds a lease or a refusal of (for tests: idle ones are swept). */
    int bucketsHeld() {
        return held.size();
    }

    private boolean tryLock(Held bucket) {
        try {
            return bucket.lock.tryLock(lockTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The database failed us: a batch of this node's own for a lease's life, rather than a 500 for all. */
    private Decision allowLocally(Held bucket, String key, int batch, Limit limit, RuntimeException e) {
        leaseFailures.increment();
        Instant now = clock.instant();
        Instant warned = lastWarning.get();
        if (!now.isBefore(warned.plus(WARN_AT_MOST_EVERY)) && lastWarning.compareAndSet(warned, now)) {
            log.warn("Leasing permits of {} failed; requests go on from a node-local allowance of {} for {}"
                    + " (logged at most once a minute)", key, batch, leaseTtl, e);
        }
        bucket.clusterKept = 0;
        bucket.left = batch - 1;
        bucket.expiresAt = now.plus(leaseTtl);
        return Decision.granted(bucket.remaining(), limit);
    }

    /** Once a minute: forgets the buckets whose lease and refusal are both over (a new lease starts them again). */
    private void sweepIfDue(Instant now) {
        Instant last = lastSweep.get();
        if (now.isBefore(last.plus(Duration.ofMinutes(1))) || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        held.entrySet().removeIf(e -> {
            Held bucket = e.getValue();
            if (!bucket.lock.tryLock()) {
                return false;
            }
            try {
                return !now.isBefore(bucket.expiresAt) && !now.isBefore(bucket.refusedUntil);
            } finally {
                bucket.lock.unlock();
            }
        });
    }

    private static final class Held {
        final ReentrantLock lock = new ReentrantLock();
        int left;
        Instant expiresAt = Instant.MIN;
        Instant refusedUntil = Instant.MIN;
        double clusterKept;

        /** What this node may still spend plus what the cluster's bucket kept at the last lease. */
        long remaining() {
            return left + (long) Math.floor(clusterKept);
        }
    }

    /**
     * @param allowed    whether the request may go on
     * @param remaining  the permits left, as far as this node knows (its lease and the shared bucket's
     *                   level at its last lease): a hint for the {@code RateLimit} header, not a promise
     * @param retryAfter when refused: when this node asks the bucket again (a batch's worth refilled)
     * @param limit      the bucket's limit, for the {@code RateLimit-Policy} header
     */
    public record Decision(boolean allowed, long remaining, Duration retryAfter, Limit limit) {

        static Decision granted(long remaining, Limit limit) {
            return new Decision(true, Math.min(remaining, limit.burst()), Duration.ZERO, limit);
        }

        static Decision refused(Duration retryAfter, Limit limit) {
            return new Decision(false, 0, retryAfter, limit);
        }

        /** Seconds until the bucket is full again (refused: until its next permit), at least 1. */
        long resetSeconds() {
            Duration wait = allowed ? limit.timeFor(limit.burst() - remaining) : retryAfter;
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }
}
