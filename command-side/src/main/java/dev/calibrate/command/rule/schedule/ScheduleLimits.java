package dev.calibrate.command.rule.schedule;

import java.time.Duration;

/**
 * What schedules a tenant may have: none runs more often than once every {@code minInterval}, and a tenant has
 * at most {@code perTenant} of them, so that no tenant floods the cluster with drafts and previews.
 */
public record ScheduleLimits(Duration minInterval, int perTenant) {

    public ScheduleLimits {
        if (minInterval.isNegative() || minInterval.isZero()) {
            throw new IllegalArgumentException("a schedule's minimum interval must be positive, got " + minInterval);
        }
        if (perTenant < 1) {
            throw new IllegalArgumentException("a tenant must be allowed at least one schedule, got " + perTenant);
        }
    }
}
