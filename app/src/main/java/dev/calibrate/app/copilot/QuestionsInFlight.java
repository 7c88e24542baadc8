package dev.calibrate.app.copilot;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * At most {@code calibrate.copilot.max-in-flight-per-tenant} questions of one tenant being answered at once on
 * one node, so that one tenant cannot hold every connection of the copilot's small pool; one more is a 429
 * with {@code Retry-After: 1}. A tenant with nothing in flight holds no entry.
 */
@Component
class QuestionsInFlight {

    private final int perTenant;
    private final ConcurrentMap<TenantId, Integer> running = new ConcurrentHashMap<>();

    QuestionsInFlight(CopilotSettings settings) {
        if (settings.maxInFlightPerTenant() < 1) {
            throw new IllegalArgumentException("calibrate.copilot.max-in-flight-per-tenant must be at least 1");
        }
        this.perTenant = settings.maxInFlightPerTenant();
    }

    /** Takes a slot of the tenant's, or refuses; every slot taken is given back with {@link #release}. */
    void acquire(TenantId tenant) {
        running.compute(tenant, (t, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perTenant) {
                throw new QuestionInFlight(perTenant);
            }
            return now + 1;
        });
    }

    void release(TenantId tenant) {
        running.computeIfPresent(tenant, (t, count) -> count <= 1 ? null : count - 1);
    }

    /** Tenants with a question in flight (for tests: the map holds no idle tenant). */
    int tenantsInFlight() {
        return running.size();
    }

    static final class QuestionInFlight extends Rejection {

        QuestionInFlight(int perTenant) {
            super("at most " + perTenant + " copilot question" + (perTenant == 1 ? "" : "s")
                    + " of a tenant at once; try again when the previous one is answered");
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
