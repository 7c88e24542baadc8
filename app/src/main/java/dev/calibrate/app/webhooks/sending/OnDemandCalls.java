package dev.calibrate.app.webhooks.sending;

import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * What a tenant's API request makes us wait for on the request thread (a ping, a replay's read of the
 * feed, resolving a URL when an endpoint is registered or edited): at most {@code max-on-demand} at once on one node and
 * {@code max-on-demand-per-tenant} of one tenant, so one tenant's slow receiver or slow DNS holds a few
 * request threads, never all of them. One more is a 429 with {@code Retry-After}, not a wait.
 */
@Component
public class OnDemandCalls {

    private final int perTenant;
    private final Semaphore node;
    private final ConcurrentMap<TenantId, Integer> running = new ConcurrentHashMap<>();

    public OnDemandCalls(WebhookSettings settings) {
        if (settings.maxOnDemand() < 1 || settings.maxOnDemandPerTenant() < 1) {
            throw new IllegalArgumentException(
                    "calibrate.webhooks.max-on-demand and max-on-demand-per-tenant must be at least 1");
        }
        this.perTenant = settings.maxOnDemandPerTenant();
        this.node = new Semaphore(settings.maxOnDemand());
    }

    /** Runs {@code call} now on this thread if the tenant and the node have room; a {@link Busy} otherwise. */
    public <T> T run(TenantId tenant, Supplier<T> call) {
        running.compute(tenant, (t, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perTenant) {
                throw new Busy("at most " + perTenant + " webhook ping" + (perTenant == 1 ? "" : "s")
                        + ", replay" + (perTenant == 1 ? "" : "s")
                        + " or URL check" + (perTenant == 1 ? "" : "s") + " of a tenant at once; "
                        + "try again when the previous one has finished");
            }
            return now + 1;
        });
        try {
            if (!node.tryAcquire()) {
                throw new Busy("too many webhook pings, replays and URL checks are running; try again shortly");
            }
            try {
                return call.get();
            } finally {
                node.release();
            }
        } finally {
            running.computeIfPresent(tenant, (t, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Tenants with a call running (for tests: no idle tenant is kept). */
    int tenantsRunning() {
        return running.size();
    }

    /** No room for one more call now: a 429. */
    public static final class Busy extends Rejection {

        Busy(String message) {
            super(message);
        }

        @Override
        public Kind kind() {
            return Kind.TOO_MANY_REQUESTS;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(Duration.ofSeconds(1));
        }
    }
}
