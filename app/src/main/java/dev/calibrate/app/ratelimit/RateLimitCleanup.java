package dev.calibrate.app.ratelimit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Once an hour, on a daemon thread of its own rather than a request's: deletes the buckets idle for an hour
 * (full again long before, they equal a new one) and the daily counts older than two days (no quota reads
 * them after their day). Every node runs it; the deletes are idempotent, and each node's start is spread
 * by a random delay.
 */
@Component
class RateLimitCleanup {

    static final Duration FORGET_BUCKETS_IDLE_FOR = Duration.ofHours(1);
    static final int KEEP_DAILY_COUNTS_DAYS = 2;

    private static final Logger log = LoggerFactory.getLogger(RateLimitCleanup.class);

    private final PermitLeases leases;
    private final TenantQuotas quotas;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rate-limit-cleanup");
        t.setDaemon(true);
        return t;
    });

    RateLimitCleanup(PermitLeases leases, TenantQuotas quotas) {
        this.leases = leases;
        this.quotas = quotas;
        long firstInSeconds = 60 + ThreadLocalRandom.current().nextLong(600);
        thread.scheduleWithFixedDelay(this::cleanUp, firstInSeconds, Duration.ofHours(1).toSeconds(), TimeUnit.SECONDS);
    }

    /** One round: a failure is logged and the next hour tries again. */
    void cleanUp() {
        try {
            leases.forgetIdle(FORGET_BUCKETS_IDLE_FOR);
            quotas.forgetDaysBefore(KEEP_DAILY_COUNTS_DAYS);
        } catch (RuntimeException e) {
            log.warn("Cleaning up rate limit buckets and daily counts failed; trying again in an hour", e);
        }
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }
}
