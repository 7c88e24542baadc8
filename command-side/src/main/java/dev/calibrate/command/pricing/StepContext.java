package dev.calibrate.command.pricing;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * What every {@link Step} of one evaluation shares: the rule's currency, the competitor prices seen, "now",
 * whether the tenant's policy enforces brand floors ({@code enforceMap}), and the policy's floor in the
 * currency and minimum margin (null when unset), which a {@code match_competitor} step holds at.
 */
record StepContext(String currency, CompetitorObservations competitors, Instant now, boolean enforceBrandFloors,
                   BigDecimal policyFloor, BigDecimal minMarginPercent) {

    StepContext(String currency, CompetitorObservations competitors, Instant now, boolean enforceBrandFloors) {
        this(currency, competitors, now, enforceBrandFloors, null, null);
    }

    static StepContext of(String currency, CompetitorObservations competitors, Instant now, TenantPolicy policy) {
        return new StepContext(currency, competitors, now, policy.enforceMap(),
                policy.floor(currency).map(Money::amount).orElse(null), policy.minMarginPercent());
    }

    /** The item's brand floor in force now, when the policy enforces brand floors. */
    Optional<BrandFloor> brandFloor(CatalogItem item) {
        return enforceBrandFloors ? item.brandFloor(currency, now) : Optional.empty();
    }

    /** The effective floor a match holds the item at ({@link Guardrails#matchFloor}), if any is set. */
    Optional<Guardrails.HeldFloor> matchFloor(CatalogItem item) {
        return Optional.ofNullable(Guardrails.matchFloor(brandFloor(item).orElse(null), policyFloor,
                item.cost(currency).map(Money::amount).orElse(null), minMarginPercent, Rounding.scale(currency)));
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
