package dev.calibrate.app.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How a node leaves the load balancer on shutdown ({@code calibrate.shutdown.*}, docs/operations.md,
 * "Rolling restart").
 *
 * @param readinessGrace how long a stopping node keeps serving, new connections included, after its readiness
 *                       probe turned 503 and before its web server stops taking connections: the time a load
 *                       balancer needs to see the 503 (its check interval times its unhealthy threshold) and
 *                       send new requests elsewhere. 0 closes the port at once
 */
@ConfigurationProperties("calibrate.shutdown")
public record ShutdownSettings(@DefaultValue("5s") Duration readinessGrace) {

    static final Duration MAX_READINESS_GRACE = Duration.ofMinutes(2);

    public ShutdownSettings {
        if (readinessGrace.isNegative() || readinessGrace.compareTo(MAX_READINESS_GRACE) > 0) {
            throw new IllegalArgumentException(
                    "calibrate.shutdown.readiness-grace must be 0 to 2m, not " + readinessGrace);
        }
    }
}
