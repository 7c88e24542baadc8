package dev.calibrate.command.product;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.product.ProductId;

/** Accepting or repairing a drift needs one: the channel shows the price Calibrate set, or was never checked. */
final class NoOpenDrift extends Rejection {

    NoOpenDrift(ProductId productId, String channel) {
        super("no open drift for " + channel + " on product " + productId);
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
