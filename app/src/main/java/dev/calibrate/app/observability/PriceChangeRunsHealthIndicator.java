package dev.calibrate.app.observability;

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
 * running, and those whose last attempt failed (db-scheduler retries them with backoff, and their
 * change stays APPLYING or ROLLING_BACK until one succeeds). A failing run does not take the node
 * out of service, so the component stays UP and names the runs; alert on the gauge
 * {@code calibrate.price_change_runs.failing} instead.
 */
@Component("priceChangeRunsHealthIndicator")
public class PriceChangeRunsHealthIndicator extends AbstractHealthIndicator {

    private static final String RUNS = "FROM scheduled_tasks WHERE task_name = 'price-change-run'";

    private final JdbcTemplate jdbc;

    public PriceChangeRunsHealthIndicator(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("calibrate.price_change_runs.pending", this, indicator -> indicator.count(""))
                .description("apply and rollback runs not finished yet").register(meters);
        Gauge.builder("calibrate.price_change_runs.failing", this,
                        indicator -> indicator.count(" AND consecutive_failures > 0"))
                .description("runs whose last attempt failed; they are retried with backoff").register(meters);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<Map<String, Object>> failing = jdbc.queryForList("SELECT task_instance AS run, consecutive_failures"
                + " AS failures, last_failure AS \"lastFailure\", execution_time AS \"nextAttempt\" " + RUNS
                + " AND consecutive_failures > 0 ORDER BY last_failure LIMIT 20");
        builder.up().withDetail("pending", count("")).withDetail("failing", failing);
    }

    private long count(String condition) {
        Long count = jdbc.queryForObject("SELECT count(*) " + RUNS + condition, Long.class);
        return count == null ? 0 : count;
    }
}
