package dev.calibrate.kernel.money;

import dev.calibrate.kernel.error.InvalidInput;

/** An amount or currency that cannot be a {@link Money}; {@link #field()} names the offending input. */
public class InvalidMoney extends InvalidInput {
    public InvalidMoney(String field, String reason) {
        super(field, reason);
    }
}
