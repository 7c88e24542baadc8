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

/**
 * At most {@code calibrate.copilot.questions-per-minute} questions per tenant in any sliding minute, on
 * one node (not yet across a cluster); one more is a 429 with {@code Retry-After} saying when the oldest
 * question of the minute leaves it.
 */
@Component
class QuestionRate {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentMap<TenantId, Deque<Instant>> asked = new ConcurrentHashMap<>();

    QuestionRate(CopilotSettings settings, Clock clock) {
        this.perMinute = settings.questionsPerMinute();
        this.clock = clock;
    }

    void take(TenantId tenant) {
        Instant now = clock.instant();
        Deque<Instant> times = asked.computeIfAbsent(tenant, t -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= perMinute) {
                throw new TooManyQuestions(Duration.between(now, times.peekFirst().plus(WINDOW)), perMinute);
            }
            times.addLast(now);
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
