package dev.calibrate.app.concurrency;

import dev.calibrate.kernel.tenant.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The places on this node for one tenant's requests: {@code running} served at once, {@code waiting} more
 * queued for a place for at most {@code max-wait}; a request beyond both, or one that waited too long, is
 * refused. Rate limits bound how many requests a tenant sends a second, not how long they take: without
 * this, one tenant's slow requests (reads waiting for a read model to catch up, broad searches) could hold
 * every request thread and every pooled connection of the node while every other tenant waited.
 * <p>
 * All tenants' waiting requests together are bounded too ({@code node-waiting}): each waits on a request
 * thread, and without it tenants at their limits together could take every thread by waiting. A tenant with a
 * free place never waits, so only tenants already at their running limit are refused for that bound.
 * <p>
 * Per node, like the preview's and the copilot's concurrency limits: N nodes serve N times as many. A lane
 * per tenant that sent a request since the node started, a few hundred bytes each. Gauges
 * {@code calibrate.tenant.requests.running} and {@code .waiting} count the node's places taken and requests
 * waiting, all tenants together; the timer {@code calibrate.tenant.requests.wait} how long the requests that
 * found no free place waited.
 */
@Component
public class TenantRequestGate {

    private final TenantRequestSettings settings;
    private final MeterRegistry meters;
    private final Map<TenantId, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter refusedFull;
    private final Counter refusedNodeFull;
    private final Counter refusedWaited;
    private final Timer waited;

    public TenantRequestGate(TenantRequestSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        this.refusedFull = Counter.builder("calibrate.tenant.requests.refused").tag("reason", "waiting-full")
                .description("Requests refused because their tenant had as many requests running and waiting"
                        + " as it may on this node").register(meters);
        this.refusedWaited = Counter.builder("calibrate.tenant.requests.refused").tag("reason", "max-wait")
                .description("Requests refused because no place for their tenant's request came free in time")
                .register(meters);
        this.refusedNodeFull = Counter.builder("calibrate.tenant.requests.refused").tag("reason", "node-waiting-full")
                .description("Requests refused because as many requests as may wait on this node, all tenants"
                        + " together, were waiting").register(meters);
        this.waited = Timer.builder("calibrate.tenant.requests.wait")
                .description("How long requests that found no free place waited for one (or until refused)")
                .register(meters);
        Gauge.builder("calibrate.tenant.requests.running", running, AtomicInteger::get)
                .description("Tenants' requests being served on this node in their places, all tenants together")
                .register(meters);
        Gauge.builder("calibrate.tenant.requests.waiting", waiting, AtomicInteger::get)
                .description("Tenants' requests waiting for a place on this node, all tenants together")
                .register(meters);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * A place for one of {@code tenant}'s requests, taken at once or after waiting, or why there is none: the
     * tenant has as many requests waiting as it may, or none came free within the max wait. A place taken
     * must be given back ({@link Place#close()}) when the request has been served.
     */
    public Admission enter(TenantId tenant) throws InterruptedException {
        Lane lane = lanes.computeIfAbsent(tenant, t -> new Lane(settings.running(), settings.waiting(),
                settings.maxWait()));
        // with a timeout of 0, not tryAcquire(): that takes a free place even while others wait for one, and the
        // ones waiting would then be served last
        if (lane.places.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            return place(lane);
        }
        // timed from before it counts as waiting: whoever sees it counted sees its wait begun
        Timer.Sample started = Timer.start(meters);
        if (lane.waiting.incrementAndGet() > lane.maxWaiting) {
            lane.waiting.decrementAndGet();
            refusedFull.increment();
            return new Refused(("this tenant already has %d requests being served and %d waiting on this server,"
                    + " the most it may; retry after 1 s").formatted(lane.running, lane.maxWaiting));
        }
        if (waiting.incrementAndGet() > settings.nodeWaiting()) {
            waiting.decrementAndGet();
            lane.waiting.decrementAndGet();
            refusedNodeFull.increment();
            return new Refused(("this tenant already has %d requests being served on this server, and %d requests"
                    + " of all tenants wait for a place here, the most that may; retry after 1 s")
                    .formatted(lane.running, settings.nodeWaiting()));
        }
        try {
            if (lane.places.tryAcquire(lane.maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return place(lane);
            }
            refusedWaited.increment();
            return new Refused(("none of the %d requests this tenant may have served at once on this server"
                    + " finished within %d ms; retry after 1 s").formatted(lane.running, lane.maxWait.toMillis()));
        } finally {
            started.stop(waited);
            waiting.decrementAndGet();
            lane.waiting.decrementAndGet();
        }
    }

    private Place place(Lane lane) {
        running.incrementAndGet();
        return new Place(lane.places, running);
    }

    /** Whether a request of {@code tenant}'s is queued for a place on this node now (past being counted). */
    boolean queued(TenantId tenant) {
        Lane lane = lanes.get(tenant);
        return lane != null && lane.places.hasQueuedThreads();
    }

    /** How many requests of all tenants wait for a place on this node now. */
    int waiting() {
        return waiting.get();
    }

    /** How many of {@code tenant}'s requests wait for a place on this node now. */
    public int waiting(TenantId tenant) {
        Lane lane = lanes.get(tenant);
        return lane == null ? 0 : lane.waiting.get();
    }

    /**
     * Other limits for one tenant on this node, in place of the configured ones, before its next request:
     * tests use it to lower one tenant's limits in the shared context without touching another's.
     */
    public void limitTenant(TenantId tenant, Limits limits) {
        lanes.put(tenant, new Lane(limits.running(), limits.waiting(), limits.maxWait()));
    }

    /** A tenant's limits: requests served at once, waiting for a place, and how long one waits. */
    public record Limits(int running, int waiting, Duration maxWait) {
    }

    /** What a request got: a place, or a refusal. */
    public sealed interface Admission permits Place, Refused {
    }

    /** No place: why, in words safe to show the caller. */
    public record Refused(String reason) implements Admission {
    }

    /** A place taken for one request; given back once. */
    public static final class Place implements Admission, AutoCloseable {

        private final Semaphore places;
        private final AtomicInteger running;
        private boolean given;

        private Place(Semaphore places, AtomicInteger running) {
            this.places = places;
            this.running = running;
        }

        @Override
        public void close() {
            if (!given) {
                given = true;
                running.decrementAndGet();
                places.release();
            }
        }
    }

    private static final class Lane {

        final int running;
        final int maxWaiting;
        final Duration maxWait;
        final Semaphore places;
        final AtomicInteger waiting = new AtomicInteger();

        Lane(int running, int maxWaiting, Duration maxWait) {
            this.running = running;
            this.maxWaiting = maxWaiting;
            this.maxWait = maxWait;
            // fair: a request that waited is served before one that came later
            this.places = new Semaphore(running, true);
        }
    }
}
