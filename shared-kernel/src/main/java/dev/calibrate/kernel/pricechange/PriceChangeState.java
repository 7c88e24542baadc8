package dev.calibrate.kernel.pricechange;

/**
 * {@code DRAFT → PREVIEWED → SUBMITTED → APPROVED → (SCHEDULED →) APPLYING → APPLIED
 * (→ ROLLING_BACK → ROLLED_BACK | EXPIRED)}, plus {@code REJECTED} and {@code CANCELLED}.
 * A run (APPLYING or ROLLING_BACK) that keeps failing ends {@code FAILED}; an admin retries it
 * (back to APPLYING or ROLLING_BACK) or abandons it ({@code ABANDONED}, final).
 */
public enum PriceChangeState {
    DRAFT, PREVIEWED, SUBMITTED, APPROVED, SCHEDULED, APPLYING, APPLIED, ROLLING_BACK, ROLLED_BACK,
    REJECTED, CANCELLED, EXPIRED, FAILED, ABANDONED
}
