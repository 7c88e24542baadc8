package dev.calibrate.app.graphql.cost;

import dev.calibrate.app.graphql.GraphQlProperties;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's GraphQL cost bucket, refilling at a steady rate (a leaky bucket, like Shopify's). Kept in
 * this instance's memory: behind a load balancer each instance counts on its own.
 */
@Component
class CostBuckets {

    /** What a bucket held after a request, for {@code extensions.cost.throttleStatus}. */
    record Status(long maximumAvailable, long currentlyAvailable, long restoreRate, boolean granted) {
    }

    private final GraphQlProperties settings;
    private final Clock clock;
    private final Map<TenantId, Bucket> buckets = new ConcurrentHashMap<>();

    CostBuckets(GraphQlProperties settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Takes {@code cost} points from the tenant's bucket when it holds them; otherwise takes none. */
    Status take(TenantId tenant, long cost) {
        Bucket bucket = buckets.computeIfAbsent(tenant, t -> new Bucket(settings.bucketSize(), clock.millis()));
        synchronized (bucket) {
            long now = clock.millis();
            bucket.points = Math.min(settings.bucketSize(),
                    bucket.points + (now - bucket.at) * settings.restoreRate() / 1000.0);
            bucket.at = now;
            boolean granted = bucket.points >= cost;
            if (granted) {
                bucket.points -= cost;
            }
            return new Status(settings.bucketSize(), (long) Math.floor(bucket.points), settings.restoreRate(), granted);
        }
    }

    private static final class Bucket {
        double points;
        long at;

        Bucket(double points, long at) {
            this.points = points;
            this.at = at;
        }
    }
}
