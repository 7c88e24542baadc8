package dev.calibrate.app.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One node's view of the cluster's token buckets: it spends permits it leased from PostgreSQL
 * ({@link PermitLeases}) in memory, and leases the next batch only when the last one is spent or has
 * expired. A bucket found empty is not asked again before its next permit is due: a caller flooding a
 * node with requests it may not send costs that node no query. Permits of an expired lease are lost, never
 * returned: the cluster never grants more than {@code burst + rate × t} in any {@code t}, and a node
 * never spends more than that within {@code t} plus one lease's life.
 */
public class ClusterRateLimiter {

    private static final Duration FORGET_IDLE_AFTER = Duration.ofHours(1);

    private final PermitLeases leases;
    private final Clock clock;
    private final double leaseFraction;
    private final Duration leaseTtl;
    private final ConcurrentMap<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastSweep;

    public ClusterRateLimiter(PermitLeases leases, Clock clock, double leaseFraction, Duration leaseTtl) {
        this.leases = leases;
        this.clock = clock;
        this.leaseFraction = leaseFraction;
        this.leaseTtl = leaseTtl;
        this.lastSweep = new AtomicReference<>(clock.instant());
    }

    /** Takes one permit of the bucket {@code key}, leasing a batch from PostgreSQL when this node holds none. */
    public Decision take(String key, Limit limit) {
        Instant now = clock.instant();
        sweepIfDue(now);
        Held bucket = held.computeIfAbsent(key, k -> new Held());
        // one thread per bucket leases while the others wait for its batch, rather than each leasing one
        synchronized (bucket) {
            if (bucket.left > 0 && now.isBefore(bucket.expiresAt)) {
                bucket.left--;
                return Decision.granted(bucket.remaining(), limit);
            }
            if (now.isBefore(bucket.refusedUntil)) {
                return Decision.refused(Duration.between(now, bucket.refusedUntil), limit);
            }
            PermitLeases.Lease lease = leases.lease(key, limit, limit.batch(leaseFraction), now);
            bucket.clusterKept = lease.kept();
            if (lease.granted() == 0) {
                bucket.left = 0;
                bucket.refusedUntil = now.plus(lease.nextPermit());
                return Decision.refused(lease.nextPermit(), limit);
            }
            bucket.left = lease.granted() - 1;
            bucket.expiresAt = now.plus(leaseTtl);
            return Decision.granted(bucket.remaining(), limit);
        }
    }

    /**
     * Gives back a permit just taken, when the request was refused by another bucket after all (a
     * caller's permit when its tenant's bucket was empty): kept only while its lease is live.
     */
    public void giveBack(String key) {
        Held bucket = held.get(key);
        if (bucket != null) {
            synchronized (bucket) {
                if (clock.instant().isBefore(bucket.expiresAt)) {
                    bucket.left++;
                }
            }
        }
    }

    /** Buckets this node holds a lease or a refusal of (for tests: idle ones are swept). */
    int bucketsHeld() {
        return held.size();
    }

    /**
     * Once a minute: forgets the buckets whose lease and refusal are both over (a new lease starts them
     * again), and once an hour old rows of the table, which are full again long before.
     */
    private void sweepIfDue(Instant now) {
        Instant last = lastSweep.get();
        if (now.isBefore(last.plus(Duration.ofMinutes(1))) || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        held.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return !now.isBefore(e.getValue().expiresAt) && !now.isBefore(e.getValue().refusedUntil);
            }
        });
        if (now.getEpochSecond() / 3600 != last.getEpochSecond() / 3600) {
            leases.forgetIdleSince(now.minus(FORGET_IDLE_AFTER));
        }
    }

    private static final class Held {
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
     * @param retryAfter when refused: when the bucket holds a permit again
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
