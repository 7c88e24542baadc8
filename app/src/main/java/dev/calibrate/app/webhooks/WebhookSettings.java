package dev.calibrate.app.webhooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.lang.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * Webhooks out ({@code calibrate.webhooks.*}; docs/consumers.md, "Webhooks").
 *
 * @param allowInsecure         http and loopback targets allowed ({@code CALIBRATE_WEBHOOKS_ALLOW_INSECURE}): for
 *                              local tests only; private, link-local and multicast addresses stay refused
 * @param maxEndpointsPerTenant endpoints one tenant may register
 * @param maxUrlLength          characters of an endpoint's URL
 * @param timeout               connecting, and waiting for the answer, each at most this long
 * @param rotationOverlap       after a secret rotation, the old secret also signs this long
 * @param retrySchedule         the waits before each retry of a failed delivery (each ±20%); after the
 *                              last, the delivery is dead-lettered and the endpoint marked failing
 * @param maxRetryAfter         a receiver's Retry-After (a minimum wait) is counted up to this long
 * @param pollInterval          how often a node looks for events to queue and deliveries due
 * @param workers               deliveries one node sends at once
 * @param maxInFlightPerTenant  deliveries one node sends at once for one tenant, so that one tenant's
 *                              slow endpoints cannot take every worker
 * @param batchSize             events queued per endpoint and pass
 * @param deadline              one request as a whole (connecting, sending, the answer) at most this long,
 *                              however the receiver trickles it; unset: twice {@code timeout}
 * @param maxOnDemand           pings and URL checks (registering, editing an endpoint) one node runs at once,
 *                              on request threads; one more is a 429
 * @param maxOnDemandPerTenant  of those, at most this many of one tenant
 * @param maxLookupsPerTenant   name lookups of one tenant's targets running at once on a node, counted until the
 *                              lookup itself ends (one the resolver never answers holds its thread past the
 *                              wait); one more is not tried now and, for a delivery, not counted as an attempt
 */
@ConfigurationProperties("calibrate.webhooks")
public record WebhookSettings(@DefaultValue("false") boolean allowInsecure,
                              @DefaultValue("20") int maxEndpointsPerTenant,
                              @DefaultValue("2000") int maxUrlLength,
                              @DefaultValue("5s") Duration timeout,
                              @DefaultValue("24h") Duration rotationOverlap,
                              @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "14h", "20h", "24h"})
                              List<Duration> retrySchedule,
                              @DefaultValue("1h") Duration maxRetryAfter,
                              @DefaultValue("1s") Duration pollInterval,
                              @DefaultValue("16") int workers,
                              @DefaultValue("2") int maxInFlightPerTenant,
                              @DefaultValue("100") int batchSize,
                              @Nullable Duration deadline,
                              @DefaultValue("4") int maxOnDemand,
                              @DefaultValue("1") int maxOnDemandPerTenant,
                              @DefaultValue("2") int maxLookupsPerTenant) {

    /** A configuration that could not bound what a tenant starts is refused at startup. */
    public WebhookSettings {
        if (maxEndpointsPerTenant < 1 || maxUrlLength < 1 || workers < 1 || maxInFlightPerTenant < 1 || batchSize < 1
                || maxOnDemand < 1 || maxOnDemandPerTenant < 1 || maxLookupsPerTenant < 1) {
            throw new IllegalArgumentException("calibrate.webhooks: max-endpoints-per-tenant, max-url-length, workers,"
                    + " max-in-flight-per-tenant, batch-size, max-on-demand, max-on-demand-per-tenant and"
                    + " max-lookups-per-tenant must be at least 1");
        }
        if (!positive(timeout) || !positive(pollInterval) || !positive(maxRetryAfter)
                || (deadline != null && !positive(deadline))) {
            throw new IllegalArgumentException("calibrate.webhooks: timeout, deadline, poll-interval and"
                    + " max-retry-after must be positive");
        }
        if (rotationOverlap == null || rotationOverlap.isNegative()) {
            throw new IllegalArgumentException("calibrate.webhooks.rotation-overlap must not be negative");
        }
        if (retrySchedule == null || retrySchedule.stream().anyMatch(step -> !positive(step))) {
            throw new IllegalArgumentException("calibrate.webhooks.retry-schedule: every wait must be positive");
        }
        retrySchedule = List.copyOf(retrySchedule);
    }

    private static boolean positive(@Nullable Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /** The deadline of one request: {@code deadline}, or twice {@code timeout} when unset. */
    public Duration requestDeadline() {
        return deadline != null ? deadline : timeout.multipliedBy(2);
    }
}
