package dev.calibrate.command.simulation;

import java.time.Duration;

/**
 * What simulations may cost ({@code calibrate.pricing.simulation.*}). Each day is also bounded as a preview
 * is (the preview budget, over the same catalog as previews read).
 *
 * @param maxDays       the most days one simulation may cover
 * @param lookBack      how far back the first simulated day may lie (a {@code from} earlier is refused)
 * @param budget        how long one simulation may run, from when its job starts, before it is STOPPED (the
 *                      days done are kept)
 * @param maxItems      the most item rows (CHANGE and BLOCKED items) one simulation stores; it is STOPPED at it
 * @param keptPerTenant how many simulations of one tenant are kept (the oldest beyond are deleted)
 * @param keptFor       how long a simulation is kept after it started
 * @param workers       simulations run at once on one node; when all are busy a start is refused, not queued
 * @param maxChangedProducts the most products whose details, active flag or brand floors changed between the
 *                      first day's end and now (not the range: a later first day means fewer, an earlier last
 *                      day no fewer) a simulation replays as of each day; with more it FAILS saying so. At most
 *                      {@value #MAX_CHANGED_PRODUCTS}
 * @param maxHistoryEntries the most values (a product's fields as one simulated day ended) the replayed products'
 *                      histories may hold together; with more it FAILS saying so
 * @param historyReadTimeout how long reading the replayed products' event streams may take (also never past the
 *                      budget); past it the simulation is STOPPED before its first day
 */
public record SimulationLimits(int maxDays, Duration lookBack, Duration budget, long maxItems, int keptPerTenant,
                               Duration keptFor, int workers, int maxChangedProducts, long maxHistoryEntries,
                               Duration historyReadTimeout) {

    /** Far above what a node holds; keeps {@code max-changed-products + 1} (the probe for "more") an int. */
    public static final int MAX_CHANGED_PRODUCTS = 1_000_000;

    public SimulationLimits {
        if (maxDays < 1 || maxDays > 366) {
            throw new IllegalArgumentException("a simulation covers 1 to 366 days, got " + maxDays);
        }
        if (lookBack.toDays() < maxDays) {
            throw new IllegalArgumentException("the look-back must reach at least max-days back, got " + lookBack);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a simulation budget must be positive, got " + budget);
        }
        if (maxItems < 1 || keptPerTenant < 1 || workers < 1 || maxChangedProducts < 1) {
            throw new IllegalArgumentException(
                    "maxItems, keptPerTenant, workers and maxChangedProducts must be at least 1");
        }
        if (maxChangedProducts > MAX_CHANGED_PRODUCTS || maxHistoryEntries < 1) {
            throw new IllegalArgumentException("maxChangedProducts is at most " + MAX_CHANGED_PRODUCTS
                    + " and maxHistoryEntries at least 1");
        }
        if (historyReadTimeout.isNegative() || historyReadTimeout.isZero()) {
            throw new IllegalArgumentException("the history read's timeout must be positive, got " + historyReadTimeout);
        }
        if (keptFor.compareTo(budget) <= 0) {
            throw new IllegalArgumentException("simulations must be kept for longer than they may run");
        }
    }
}
