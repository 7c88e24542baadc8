package dev.calibrate.command.simulation;

import java.time.Duration;

/**
 * What simulations may cost ({@code calibrate.pricing.simulation.*}). Each day is also bounded as a preview
 * is (the preview budget, over the same catalog as previews read).
 *
 * @param maxDays     the most days one simulation may cover
 * @param budget      how long one simulation may run before it is STOPPED (the days done are kept)
 * @param keptPerRule how many simulations of one rule are kept (the oldest beyond are deleted)
 * @param keptFor     how long a simulation is kept after it started
 * @param workers     simulations run at once on one node (each tenant runs one at a time across the cluster)
 */
public record SimulationLimits(int maxDays, Duration budget, int keptPerRule, Duration keptFor, int workers) {

    public SimulationLimits {
        if (maxDays < 1 || maxDays > 366) {
            throw new IllegalArgumentException("a simulation covers 1 to 366 days, got " + maxDays);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a simulation budget must be positive, got " + budget);
        }
        if (keptPerRule < 1 || workers < 1) {
            throw new IllegalArgumentException("keptPerRule and workers must be at least 1");
        }
        if (keptFor.compareTo(budget) <= 0) {
            throw new IllegalArgumentException("simulations must be kept for longer than they may run");
        }
    }
}
