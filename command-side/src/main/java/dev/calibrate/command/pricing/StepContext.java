package dev.calibrate.command.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** What every {@link Step} of one evaluation shares: the rule's currency, the competitor prices seen and "now". */
record StepContext(String currency, CompetitorObservations competitors, Instant now) {

    /** Half-even to the currency's minor units, never below one minor unit, and the trace says when it was raised. */
    Step.Outcome rounded(BigDecimal raw, String detail) {
        BigDecimal output = Rounding.toMinorUnits(raw, currency);
        if (raw.setScale(Rounding.scale(currency), RoundingMode.HALF_EVEN).compareTo(output) < 0) {
            detail = detail + "; raised to one minor unit";
        }
        return Step.Outcome.applied(output, detail);
    }
}
