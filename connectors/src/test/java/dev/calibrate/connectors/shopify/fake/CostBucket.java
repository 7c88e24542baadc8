package dev.calibrate.connectors.shopify.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Shopify's GraphQL rate limit: a leaky bucket of query-cost points per app and shop.
 *
 * <p>The bucket holds at most {@code 20 × restoreRate} points (or the size {@link #limits} sets) and refills continuously at
 * {@code restoreRate} points per second (100 on Standard plans, 200 Advanced, 1000 Plus, 2000
 * Enterprise). A query may run only when the bucket holds at least its requested cost; it is
 * charged the requested cost up front and refunded the difference to its actual cost afterwards.
 * Thread-safe.
 */
public final class CostBucket {

    /** Restore rate of a Standard plan, points per second. */
    public static final double STANDARD_RESTORE_RATE = 100;

    /** Shopify shows the bucket size as this multiple of the restore rate. */
    public static final int SIZE_IN_SECONDS = 20;

    private final Clock clock;
    private double restoreRate;
    private double maximum;
    private double available;
    private Instant refilledAt;

    /** A full bucket of a Standard plan. */
    public CostBucket(Clock clock) {
        this.clock = clock;
        this.restoreRate = STANDARD_RESTORE_RATE;
        this.maximum = SIZE_IN_SECONDS * STANDARD_RESTORE_RATE;
        this.available = maximum;
        this.refilledAt = clock.instant();
    }

    /**
     * The bucket as Shopify reports it in {@code extensions.cost.throttleStatus}.
     *
     * @param maximumAvailable   bucket size, points
     * @param currentlyAvailable points available now (fractional while refilling)
     * @param restoreRate        refill speed, points per second
     */
    public record ThrottleStatus(double maximumAvailable, double currentlyAvailable, double restoreRate) {
    }

    /** Changes the plan; the bucket is full afterwards, as for a shop that just upgraded. */
    public synchronized void plan(double newRestoreRate) {
        limits(SIZE_IN_SECONDS * newRestoreRate, newRestoreRate);
    }

    /**
     * A bucket of any size: Shopify reports {@code maximumAvailable} with every answer and a client
     * must not assume it from the plan (an app may be given less). Full afterwards.
     */
    public synchronized void limits(double maximumAvailable, double newRestoreRate) {
        if (newRestoreRate <= 0 || maximumAvailable <= 0) {
            throw new IllegalArgumentException("bucket size and restore rate must be positive: " + maximumAvailable
                    + ", " + newRestoreRate);
        }
        restoreRate = newRestoreRate;
        maximum = maximumAvailable;
        available = maximum;
        refilledAt = clock.instant();
    }

    /** Takes points out, as another app on the same shop would; never below zero. */
    public synchronized void drain(double points) {
        refill();
        available = Math.max(0, available - points);
    }

    /** The bucket now. */
    public synchronized ThrottleStatus status() {
        refill();
        return new ThrottleStatus(maximumAvailable(), available, restoreRate);
    }

    /**
     * Charges the requested cost when the bucket holds enough.
     *
     * @return true when charged; false when the query must be throttled (nothing is charged)
     */
    synchronized boolean tryCharge(int requestedCost) {
        refill();
        if (available < requestedCost) {
            return false;
        }
        available -= requestedCost;
        return true;
    }

    /** Gives back what was charged but not used ({@code requested − actual}). */
    synchronized void refund(int points) {
        refill();
        available = Math.min(maximumAvailable(), available + Math.max(0, points));
    }

    /** How long until {@code points} are available, at the current restore rate. */
    public synchronized Duration timeUntil(double points) {
        refill();
        double deficit = points - available;
        return deficit <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(deficit / restoreRate * 1e9));
    }

    private double maximumAvailable() {
        return maximum;
    }

    private void refill() {
        Instant now = clock.instant();
        Duration elapsed = Duration.between(refilledAt, now);
        if (elapsed.isNegative()) {
            // a test moved the clock back: start refilling from the new now
            refilledAt = now;
            return;
        }
        double seconds = elapsed.getSeconds() + elapsed.getNano() / 1e9;
        available = Math.min(maximumAvailable(), available + seconds * restoreRate);
        refilledAt = now;
    }
}
