package dev.calibrate.command.pricechange;

import java.time.Duration;

/**
 * What one preview may cost: {@code budget} is how long loading and evaluating may take before the
 * preview is stopped (nothing stored); {@code perTenant} is how many previews one tenant may run at
 * once on one node.
 */
public record PreviewLimits(Duration budget, int perTenant) {

    public PreviewLimits {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a preview budget must be positive, got " + budget);
        }
        if (perTenant < 1) {
            throw new IllegalArgumentException("a tenant must be allowed at least one preview at a time, got " + perTenant);
        }
    }
}
