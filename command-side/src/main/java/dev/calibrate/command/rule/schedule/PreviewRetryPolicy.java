package dev.calibrate.command.rule.schedule;

import java.time.Duration;

/**
 * How a scheduled draft whose preview was refused because its tenant already ran as many previews as it may is
 * previewed again: every {@code interval}, at most {@code attempts} times, then left a DRAFT for a person.
 */
public record PreviewRetryPolicy(Duration interval, int attempts) {

    public PreviewRetryPolicy {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a preview retry's interval must be positive, got " + interval);
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("preview retries cannot be negative, got " + attempts);
        }
    }
}
