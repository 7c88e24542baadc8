package dev.calibrate.command.anomaly;

/**
 * The least price move reported as anomalous, as a fraction of the old price (0.10: 10 %; 0 turns it
 * off): {@code calibrate.anomalies.price-move-floor}, the same for previews as for the anomalies endpoint.
 */
public record PriceMoveFloor(double fraction) {

    public PriceMoveFloor {
        if (!(fraction >= 0)) {
            throw new IllegalArgumentException("a price-move floor is 0 or more, got " + fraction);
        }
    }
}
