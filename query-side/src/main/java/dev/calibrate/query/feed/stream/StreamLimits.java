package dev.calibrate.query.feed.stream;

import java.time.Duration;

/**
 * What one node grants the event stream ({@code calibrate.events.stream.*}, bound in the app).
 *
 * @param pollInterval        how often an open stream reads the store for new events (between reads
 *                            it holds neither a thread nor a connection)
 * @param heartbeat           a stream with nothing to send for this long sends a comment, so proxies
 *                            and clients can tell a quiet stream from a dead one
 * @param maxDuration         a stream ends after this long; the client reconnects with Last-Event-ID
 * @param maxOpenPerTenant    streams one tenant may hold open at once on one node; one more is a 429
 * @param maxOpenPerNode      streams all tenants together may hold open at once on one node; one more is a 429
 * @param sendTimeout         a stream whose client has not taken what was last sent to it within this
 *                            long is ended: the client does not keep up, and reconnects to resume
 * @param credentialCheck     an open stream asks again this often whether its token still allows it
 *                            (not revoked, not expired, the scope still granted), and ends when not
 */
public record StreamLimits(Duration pollInterval, Duration heartbeat, Duration maxDuration, int maxOpenPerTenant,
                           int maxOpenPerNode, Duration sendTimeout, Duration credentialCheck) {

    public StreamLimits {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the stream's poll interval must be positive, not " + pollInterval);
        }
        if (heartbeat.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("the stream's heartbeat (" + heartbeat
                    + ") cannot be shorter than its poll interval (" + pollInterval + ")");
        }
        if (maxDuration.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("a stream's max duration (" + maxDuration
                    + ") cannot be shorter than its poll interval (" + pollInterval + ")");
        }
        if (maxOpenPerTenant < 1) {
            throw new IllegalArgumentException("at least one stream per tenant, not " + maxOpenPerTenant);
        }
        if (maxOpenPerNode < maxOpenPerTenant) {
            throw new IllegalArgumentException("a node's streams (" + maxOpenPerNode
                    + ") cannot be fewer than one tenant's (" + maxOpenPerTenant + ")");
        }
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("the stream's send timeout must be positive, not " + sendTimeout);
        }
        if (credentialCheck.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("the stream's credential check (" + credentialCheck
                    + ") cannot be more often than its poll interval (" + pollInterval + ")");
        }
    }
}
