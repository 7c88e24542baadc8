package dev.calibrate.app.cluster;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code /actuator/health} component {@code clockSkew}, in the readiness group: how far this node's clock is from
 * the database server's. Segment claims are aged by timestamps the claiming node's clock wrote and another
 * node's clock reads, so a node off by more than a quarter of {@code axon.eventhandling.tokenstore.claim-timeout}
 * could take segments from live nodes or leave a dead node's waiting: it is DOWN, out of the load balancer,
 * until its clock is fixed (docs/operations.md, "Several nodes"). The round trip's half is the measurement's
 * uncertainty and is given the node's benefit.
 */
@Component("clockSkewHealthIndicator")
public class ClockSkewHealthIndicator extends AbstractHealthIndicator {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration allowed;

    public ClockSkewHealthIndicator(JdbcTemplate jdbc, Clock clock,
                                    @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        super("clock skew check failed");
        this.jdbc = jdbc;
        this.clock = clock;
        this.allowed = claimTimeout.dividedBy(4);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant sent = clock.instant();
        Timestamp database = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
        Instant received = clock.instant();
        Duration roundTrip = Duration.between(sent, received);
        Instant here = sent.plus(roundTrip.dividedBy(2));
        Duration skew = Duration.between(here, database.toInstant());
        Duration beyondDoubt = skew.abs().minus(roundTrip.dividedBy(2));
        (beyondDoubt.compareTo(allowed) > 0 ? builder.down() : builder.up())
                .withDetail("skewMillis", skew.toMillis())
                .withDetail("roundTripMillis", roundTrip.toMillis())
                .withDetail("allowedMillis", allowed.toMillis());
    }
}
