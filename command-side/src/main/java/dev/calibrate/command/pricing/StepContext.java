package dev.calibrate.command.pricing;

import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.product.CatalogItem;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * What every {@link Step} of one evaluation shares: the rule's currency, the competitor prices seen, "now",
 * and whether the tenant's policy enforces brand floors ({@code enforceMap}).
 */
record StepContext(String currency, CompetitorObservations competitors, Instant now, boolean enforceBrandFloors) {

    /** The item's brand floor in force now, when the policy enforces brand floors. */
    Optional<BrandFloor> brandFloor(CatalogItem item) {
        return enforceBrandFloors ? item.brandFloor(currency, now) : Optional.empty();
    }

    /** Half-even to the currency's minor units, never below one minor unit, and the trace says when it was raised. */
    Step.Outcome rounded(BigDecimal raw, String detail) {
        BigDecimal output = Rounding.toMinorUnits(raw, currency);
        if (raw.setScale(Rounding.scale(currency), RoundingMode.HALF_EVEN).compareTo(output) < 0) {
            detail = detail + "; raised to one minor unit";
        }
        return Step.Outcome.applied(output, detail);
    }
}
