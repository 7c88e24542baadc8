package dev.calibrate.kernel.competitor;

import dev.calibrate.kernel.error.NotFound;

/** No such competitor for this tenant (another tenant's competitor reads the same). */
public class CompetitorNotFound extends NotFound {
    public CompetitorNotFound() {
        super("competitor");
    }
}
