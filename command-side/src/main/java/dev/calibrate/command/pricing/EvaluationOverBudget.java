package dev.calibrate.command.pricing;

import dev.calibrate.kernel.error.Rejection;

import java.time.Duration;

/**
 * A rule took longer to evaluate over the catalog than its budget allows. Nothing of it is kept.
 * (No constructor takes a Throwable: a parallel stream then rethrows this very exception in the caller.)
 */
public class EvaluationOverBudget extends Rejection {

    EvaluationOverBudget(Duration budget) {
        super("evaluating the rule over the catalog took longer than its budget of " + readable(budget)
                + " and was stopped; nothing was stored. Narrow the selector (fewer conditions, globs with"
                + " fewer stars) or split the change");
    }

    private static String readable(Duration budget) {
        return budget.toMillis() % 1000 == 0 ? budget.toSeconds() + " s" : budget.toMillis() + " ms";
    }

    @Override
    public Kind kind() {
        return Kind.OVER_BUDGET;
    }
}
