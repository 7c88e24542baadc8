package dev.calibrate.app.ratelimit;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what a tenant does against its daily quotas ({@link QuotaSettings}), in PostgreSQL, so that the
 * count is the cluster's (V41 {@code tenant_daily_count}). Spending the last one and the next one refused
 * are decided by one statement; a refusal is a 429 whose {@code Retry-After} is the next UTC midnight.
 */
@Component
public class TenantQuotas {

    private final QuotaSettings settings;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<TenantId, QuotaSettings> overrides = new ConcurrentHashMap<>();

    public TenantQuotas(QuotaSettings settings, JdbcTemplate jdbc, Clock clock) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Other quotas for one tenant on this node (tests lower them for a tenant of their own). */
    public void limitTenant(TenantId tenant, QuotaSettings quotas) {
        overrides.put(tenant, quotas);
    }

    QuotaSettings of(TenantId tenant) {
        return overrides.getOrDefault(tenant, settings);
    }

    /** Counts one more of {@code quota} for today, or refuses with 429 when the day's are all used. */
    public void spend(TenantId tenant, DailyQuota quota) {
        int limit = of(tenant).perDay(quota);
        if (limit == 0) {
            return;
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Integer> used = jdbc.queryForList("""
                INSERT INTO tenant_daily_count AS c (tenant_id, quota, day, used) VALUES (?, ?, ?, 1)
                ON CONFLICT (tenant_id, quota, day) DO UPDATE SET used = c.used + 1 WHERE c.used < ?
                RETURNING used""", Integer.class, tenant.value(), quota.wireName(), Date.valueOf(today), limit);
        if (used.isEmpty()) {
            Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            throw new DailyQuotaReached(quota, limit, Duration.between(now, midnight));
        }
    }

    /**
     * Deletes the counts of days more than {@code days} before today (UTC, by the database's clock): no
     * quota reads them any more.
     *
     * @return the rows deleted
     */
    int forgetDaysBefore(int days) {
        return jdbc.update("DELETE FROM tenant_daily_count WHERE day < (clock_timestamp() AT TIME ZONE 'UTC')::date - ?",
                days);
    }

    /** A tenant used all of a daily quota: 429 until the next UTC midnight. */
    public static final class DailyQuotaReached extends Rejection {

        private final DailyQuota quota;
        private final int limit;
        private final Duration untilMidnight;

        DailyQuotaReached(DailyQuota quota, int limit, Duration untilMidnight) {
            super("this tenant's quota of " + limit + " " + quota.counts() + " a day is used up; it starts again"
                    + " at 00:00 UTC");
            this.quota = quota;
            this.limit = limit;
            this.untilMidnight = untilMidnight;
        }

        @Override
        public Kind kind() {
            return Kind.TOO_MANY_REQUESTS;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(untilMidnight);
        }

        @Override
        public Map<String, Object> problemProperties() {
            return Map.of("quota", quota.wireName(), "limit", limit);
        }
    }
}
