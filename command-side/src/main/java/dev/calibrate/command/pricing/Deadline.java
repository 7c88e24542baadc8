package dev.calibrate.command.pricing;

import java.time.Duration;

/**
 * When an evaluation must have ended. The engine checks it between items and between conditions,
 * so a rule that is too costly for the catalog stops its threads instead of running on unseen.
 */
public final class Deadline {

    /** No budget: the evaluation runs to its end. */
    public static final Deadline NONE = new Deadline(Duration.ZERO, Long.MAX_VALUE);

    private final Duration budget;
    private final long endNanos;

    private Deadline(Duration budget, long endNanos) {
        this.budget = budget;
        this.endNanos = endNanos;
    }

    public static Deadline after(Duration budget) {
        return new Deadline(budget, System.nanoTime() + budget.toNanos());
    }

    /** What is left of the budget (zero once spent); {@code null} for {@link #NONE}. */
    public Duration remaining() {
        return this == NONE ? null : Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** Throws {@link EvaluationOverBudget} once the budget is spent. */
    public void check() {
        if (this != NONE && System.nanoTime() - endNanos > 0) {
            throw new EvaluationOverBudget(budget);
        }
    }
}
