package dev.calibrate.query.pricechange;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.Instant;

/**
 * The run of a {@link PriceChangeView} that ended FAILED (APPLY or ROLLBACK), why, after how many attempts
 * and when, in its {@code failed_*} columns; kept once the run was retried or abandoned. Read only, like the
 * view.
 */
@Embeddable
public class FailedRunColumns {

    @Column(name = "failed_run")
    private String run;
    @Column(name = "failure_reason")
    private String reason;
    @Column(name = "failed_attempts")
    private Integer attempts;
    @Column(name = "failed_at")
    private Instant at;

    protected FailedRunColumns() {
    }

    /** APPLY or ROLLBACK; null when no run of the change has failed. */
    public String getRun() {
        return run;
    }

    public String getReason() {
        return reason;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public Instant getAt() {
        return at;
    }
}
