package dev.calibrate.app.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Request rate limits shared by every node of a cluster ({@code calibrate.rate-limits.*}, docs/operations.md
 * "Rate limits"): a token bucket per caller and per tenant for each class of endpoint, leased from PostgreSQL
 * in batches ({@link PermitLeases}).
 *
 * @param enabled       {@code false} limits nothing and sends no rate limit headers (benchmarks)
 * @param caller        each API token's (or console person's) buckets
 * @param tenant        each tenant's buckets, shared by all its callers (application.yml sets them above a
 *                      caller's, so that several tokens of one tenant can each use theirs)
 * @param admin         the admin token's buckets (it acts for no tenant)
 * @param leaseFraction the share of a bucket's burst a node leases at once (0 to 1; at least one permit)
 * @param leaseTtl      permits of a lease not spent within this are given up, so that no node spends old
 *                      permits on top of new ones
 * @param leaseTimeout  how long a lease may take (its statement_timeout) and a request may wait for another
 *                      thread's lease of the same bucket; past it, or when the database fails, requests go
 *                      through on a node-local allowance of one batch
 */
@ConfigurationProperties("calibrate.rate-limits")
public record RateLimitSettings(@DefaultValue("true") boolean enabled,
                                @DefaultValue Buckets caller,
                                @DefaultValue Buckets tenant,
                                @DefaultValue Buckets admin,
                                @DefaultValue("0.1") double leaseFraction,
                                @DefaultValue("1s") Duration leaseTtl,
                                @DefaultValue("250ms") Duration leaseTimeout) {

    public RateLimitSettings {
        if (!(leaseFraction > 0 && leaseFraction <= 1)) {
            throw new IllegalArgumentException("calibrate.rate-limits.lease-fraction must be above 0 and at most 1");
        }
        if (leaseTtl.isNegative() || leaseTtl.isZero()) {
            throw new IllegalArgumentException("calibrate.rate-limits.lease-ttl must be positive");
        }
        if (leaseTimeout.isNegative() || leaseTimeout.isZero()) {
            throw new IllegalArgumentException("calibrate.rate-limits.lease-timeout must be positive");
        }
    }

    /** The buckets of one holder: reads (GET, HEAD, GraphQL queries) and writes (everything else). */
    public record Buckets(@DefaultValue("50") double readsPerSecond, @DefaultValue("200") int readBurst,
                          @DefaultValue("10") double writesPerSecond, @DefaultValue("50") int writeBurst) {

        public Buckets {
            if (readsPerSecond <= 0 || writesPerSecond <= 0 || readBurst < 1 || writeBurst < 1) {
                throw new IllegalArgumentException("calibrate.rate-limits: rates must be positive and bursts at least 1");
            }
            // an empty bucket must fill within the hour after which an idle bucket's row is deleted
            if (readBurst / readsPerSecond > 3600 || writeBurst / writesPerSecond > 3600) {
                throw new IllegalArgumentException("calibrate.rate-limits: a burst must refill within an hour"
                        + " (burst / rate at most 3600 s)");
            }
        }

        public Limit of(EndpointClass endpoints) {
            return switch (endpoints) {
                case READ -> new Limit(readsPerSecond, readBurst);
                case WRITE -> new Limit(writesPerSecond, writeBurst);
            };
        }
    }
}
