package dev.calibrate.app.observability;

import dev.calibrate.command.pricechange.run.PriceChangeRuns;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code priceChangeRuns}: the apply and rollback runs waiting or
 * running, those whose last attempt failed (db-scheduler retries them with backoff, and their change
 * stays APPLYING or ROLLING_BACK until one succeeds), and the changes whose run failed on every attempt
 * and now wait FAILED for an admin to retry or abandon them. A failing run does not take the node out
 * of service, so the component stays UP and names the runs; alert on the gauges
 * {@code calibrate.price_change_runs.failing} and {@code calibrate.price_change_runs{state="failed"}}.
 */
@Component("priceChangeRunsHealthIndicator")
public class PriceChangeRunsHealthIndicator extends AbstractHealthIndicator {

    private static final String RUNS = "FROM scheduled_tasks WHERE task_name = '" + PriceChangeRuns.TASK_NAME + "'";
    /** Every tenant's FAILED changes: the pool's worker role reads the view across tenants. */
    private static final String FAILED = "FROM price_change_view WHERE state = 'FAILED'";

    private final JdbcTemplate jdbc;

    public PriceChangeRunsHealthIndicator(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("calibrate.price_change_runs.pending", this, indicator -> indicator.count(""))
                .description("apply and rollback runs not finished yet").register(meters);
        Gauge.builder("calibrate.price_change_runs.failing", this,
                        indicator -> indicator.count(" AND consecutive_failures > 0"))
                .description("runs whose last attempt failed; they are retried with backoff").register(meters);
        Gauge.builder("calibrate.price_change_runs", this, PriceChangeRunsHealthIndicator::failed)
                .tag("state", "failed")
                .description("runs that failed on every attempt; their change waits FAILED for an admin")
                .register(meters);
        Gauge.builder("calibrate.price_change_runs.items_pending", this, indicator -> indicator.itemsPending(APPLYING))
                .tag("kind", "apply")
                .description("items of applying price changes not written yet; falls to 0 as the applies finish")
                .register(meters);
        Gauge.builder("calibrate.price_change_runs.items_pending", this, indicator -> indicator.itemsPending(ROLLING_BACK))
                .tag("kind", "rollback")
                .description("items of price changes rolling back not reverted yet").register(meters);
    }

    /** Items an apply has still to write: those the runner reads as pending (JdbcPreviewStore.pending). */
    private static final String APPLYING = "v.state = 'APPLYING' AND i.status = 'CHANGE' AND i.outcome IS NULL";
    /** Items a rollback has still to revert. */
    private static final String ROLLING_BACK = "v.state = 'ROLLING_BACK' AND i.outcome = 'APPLIED'"
            + " AND i.rollback_outcome IS NULL";

    private long itemsPending(String condition) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM price_change_view v JOIN price_change_item i"
                + " ON i.price_change_id = v.price_change_id WHERE v.state IN ('APPLYING', 'ROLLING_BACK') AND "
                + condition, Long.class);
        return count == null ? 0 : count;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<Map<String, Object>> failing = jdbc.queryForList("SELECT task_instance AS run, consecutive_failures"
                + " AS failures, last_failure AS \"lastFailure\", execution_time AS \"nextAttempt\" " + RUNS
                + " AND consecutive_failures > 0 ORDER BY last_failure LIMIT 20");
        List<Map<String, Object>> failed = jdbc.queryForList("SELECT price_change_id AS \"priceChange\","
                + " failed_run AS run, failed_attempts AS attempts, failure_reason AS reason, failed_at AS \"failedAt\" "
                + FAILED + " ORDER BY failed_at LIMIT 20");
        builder.up().withDetail("pending", count("")).withDetail("failing", failing)
                .withDetail("failedCount", failed()).withDetail("failed", failed);
    }

    private long count(String condition) {
        Long count = jdbc.queryForObject("SELECT count(*) " + RUNS + condition, Long.class);
        return count == null ? 0 : count;
    }

    private long failed() {
        Long count = jdbc.queryForObject("SELECT count(*) " + FAILED, Long.class);
        return count == null ? 0 : count;
    }
}
