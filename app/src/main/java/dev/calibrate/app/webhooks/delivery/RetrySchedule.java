package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookSettings;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * When to try a failed delivery again: the n-th failure waits the n-th step of the schedule, ±20%
 * so that endpoints failing together do not retry together; a receiver's Retry-After is a minimum: the
 * wait is the longer of the step and the Retry-After, the Retry-After counted up to {@code maxRetryAfter}
 * (a receiver asking for less than the step cannot make us retry sooner, nor one asking for days hold a
 * delivery longer than that). Past the last step there is no retry: the delivery is dead.
 */
@Component
public class RetrySchedule {

    static final double JITTER = 0.2;

    private final List<Duration> steps;
    private final Duration maxRetryAfter;

    public RetrySchedule(WebhookSettings settings) {
        this.steps = List.copyOf(settings.retrySchedule());
        this.maxRetryAfter = settings.maxRetryAfter();
    }

    /** The wait after the {@code failures}-th failed attempt, or empty when that was the last allowed. */
    public Optional<Duration> after(int failures, @Nullable Duration retryAfter) {
        if (failures > steps.size()) {
            return Optional.empty();
        }
        Duration step = steps.get(failures - 1);
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        Duration scheduled = Duration.ofMillis(Math.round(step.toMillis() * factor));
        if (retryAfter == null) {
            return Optional.of(scheduled);
        }
        // a minimum: never sooner than the receiver asked (up to maxRetryAfter), never sooner than the schedule
        Duration asked = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        return Optional.of(asked.compareTo(scheduled) > 0 ? asked : scheduled);
    }

    /** A wait for each step, each jittered: where a lease puts the retry before the attempt is made. */
    public List<Duration> waits() {
        return IntStream.rangeClosed(1, steps.size()).mapToObj(n -> after(n, null).orElseThrow())
                .toList();
    }

    public int attempts() {
        return steps.size() + 1;
    }
}
