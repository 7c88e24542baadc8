package dev.calibrate.app.copilot;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * At most {@code calibrate.copilot.questions-per-minute} questions per tenant in any sliding minute, counted
 * per node (each node of a cluster counts its own); one more is a 429 with {@code Retry-After} saying when
 * the oldest question of the minute leaves it. The map holds only tenants that asked within the last minute:
 * once a minute, the next question sweeps out every tenant whose questions have all left the window.
 */
@Component
class QuestionRate {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentMap<TenantId, Deque<Instant>> asked = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastSweep;

    QuestionRate(CopilotSettings settings, Clock clock) {
        this.perMinute = settings.questionsPerMinute();
        this.clock = clock;
        this.lastSweep = new AtomicReference<>(clock.instant());
    }

    void take(TenantId tenant) {
        Instant now = clock.instant();
        sweepIfDue(now);
        // compute runs atomically per tenant: a sweep cannot drop a deque a question is being added to
        asked.compute(tenant, (t, times) -> {
            Deque<Instant> window = times == null ? new ArrayDeque<>() : times;
            forgetBefore(window, now);
            if (window.size() >= perMinute) {
                throw new TooManyQuestions(Duration.between(now, window.peekFirst().plus(WINDOW)), perMinute);
            }
            window.addLast(now);
            return window;
        });
    }

    /** Tenants the limiter holds (for tests). */
    int tenantsHeld() {
        return asked.size();
    }

    private void sweepIfDue(Instant now) {
        Instant last = lastSweep.get();
        if (now.isBefore(last.plus(WINDOW)) || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        for (TenantId tenant : asked.keySet()) {
            asked.computeIfPresent(tenant, (t, times) -> {
                forgetBefore(times, now);
                return times.isEmpty() ? null : times;
            });
        }
    }

    private static void forgetBefore(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
            times.pollFirst();
        }
    }

    static final class TooManyQuestions extends Rejection {

        private final Duration wait;

        TooManyQuestions(Duration wait, int perMinute) {
            super("at most " + perMinute + " copilot questions a minute per tenant; try again later");
            this.wait = wait;
        }

        @Override
        public Kind kind() {
            return Kind.TOO_MANY_REQUESTS;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(wait);
        }
    }
}
