package dev.calibrate.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose clock is off from the database's by more than a quarter of the claim timeout fails its
 * readiness, so it is taken out of service before its segment claims go wrong.
 */
class ClockSkewHealthTest extends IntegrationTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(40);

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aClockWithinAQuarterOfTheClaimTimeoutIsUp() {
        Health health = indicator(Duration.ZERO).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("allowedMillis", 10_000L);
        assertThat((Long) health.getDetails().get("skewMillis")).isBetween(-2_000L, 2_000L);
    }

    @Test
    void aClockAheadOrBehindByMoreIsDownWithItsSkew() {
        for (Duration off : new Duration[]{Duration.ofSeconds(30), Duration.ofSeconds(-30)}) {
            Health health = indicator(off).health();

            assertThat(health.getStatus()).as("a clock off by %s", off).isEqualTo(Status.DOWN);
            // the database is behind a clock that is ahead: the skew is the database's time minus the node's
            assertThat((Long) health.getDetails().get("skewMillis")).as("a clock off by %s", off)
                    .isBetween(-off.toMillis() - 5_000, -off.toMillis() + 5_000);
        }
    }

    @Test
    void theNodesOwnCheckIsPartOfItsReadiness() {
        JsonNode readiness = api.get("/actuator/health/readiness", api.operatorToken()).json();

        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/clockSkew/status").asText()).as(readiness.toString()).isEqualTo("UP");
        assertThat(readiness.at("/components/clockSkew/details/allowedMillis").asLong()).isPositive();
    }

    private ClockSkewHealthIndicator indicator(Duration off) {
        return new ClockSkewHealthIndicator(jdbc, Clock.offset(Clock.systemUTC(), off), CLAIM_TIMEOUT);
    }
}
