package dev.calibrate.app.concurrency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How many of one tenant's requests a node serves at once ({@code calibrate.web.tenant-requests.*},
 * docs/operations.md "Requests at once per tenant"): a tenant's slow requests then hold at most
 * {@code running + waiting} of the node's request threads and {@code running} of its database connections,
 * whatever its rate limits allow; and all tenants' waiting requests together hold at most {@code node-waiting}
 * threads, so that tenants at their limits together cannot take every thread by waiting.
 *
 * @param running      the tenant's requests served at once on this node; 0 turns the limit off
 * @param waiting      the tenant's requests that may wait for one of those places; one more is a 429 at once
 * @param maxWait      how long a request waits for a place before it is a 429
 * @param nodeWaiting  all tenants' requests that may wait for a place on this node together; one more is a 429
 */
@ConfigurationProperties("calibrate.web.tenant-requests")
public record TenantRequestSettings(@DefaultValue("8") int running,
                                    @DefaultValue("24") int waiting,
                                    @DefaultValue("2s") Duration maxWait,
                                    @DefaultValue("100") int nodeWaiting) {

    public TenantRequestSettings {
        if (running < 0 || running > 10_000) {
            throw new IllegalArgumentException("calibrate.web.tenant-requests.running must be 0 (off) to 10000");
        }
        if (waiting < 0 || waiting > 100_000) {
            throw new IllegalArgumentException("calibrate.web.tenant-requests.waiting must be 0 to 100000");
        }
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("calibrate.web.tenant-requests.max-wait must be 0 to 1m");
        }
        if (nodeWaiting < 0 || nodeWaiting > 100_000) {
            throw new IllegalArgumentException("calibrate.web.tenant-requests.node-waiting must be 0 to 100000");
        }
    }

    public boolean enabled() {
        return running > 0;
    }
}
