package dev.calibrate.app.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * What lets several identical nodes share one PostgreSQL ({@code calibrate.cluster.*}, docs/operations.md,
 * "Several nodes").
 *
 * @param tokenClaimIntervalMillis how often a node's tracking processor tries again to claim a segment no live
 *                                 node holds; with {@code axon.eventhandling.tokenstore.claim-timeout} it sets how
 *                                 soon a dead node's segments are taken over. Each processor in application.yml
 *                                 reads it (Axon's {@code token-claim-interval}, in milliseconds)
 * @param conflictRetries          times a command that lost a race for an aggregate to another node (its events
 *                                 were refused by the store's unique key) is sent again before the caller gets
 *                                 the 409 concurrent-modification problem
 * @param conflictBackoff          wait before the first such retry; doubles per retry, each wait between half
 *                                 and all of it (jitter, so that the losers do not collide again)
 */
@ConfigurationProperties("calibrate.cluster")
public record ClusterSettings(@DefaultValue("2000") long tokenClaimIntervalMillis,
                              @DefaultValue("8") int conflictRetries,
                              @DefaultValue("10ms") Duration conflictBackoff) {

    public ClusterSettings {
        if (tokenClaimIntervalMillis < 100) {
            throw new IllegalArgumentException(
                    "calibrate.cluster.token-claim-interval-millis must be at least 100, not " + tokenClaimIntervalMillis);
        }
        if (conflictRetries < 0 || conflictRetries > 20) {
            throw new IllegalArgumentException("calibrate.cluster.conflict-retries must be 0 to 20, not " + conflictRetries);
        }
        if (conflictBackoff.isNegative() || conflictBackoff.isZero() || conflictBackoff.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException(
                    "calibrate.cluster.conflict-backoff must be more than 0 and at most 1s, not " + conflictBackoff);
        }
    }
}
