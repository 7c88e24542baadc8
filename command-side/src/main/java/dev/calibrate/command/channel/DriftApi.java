package dev.calibrate.command.channel;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the drift endpoints answer. */
public final class DriftApi {

    private DriftApi() {
    }

    /**
     * How a product's drift on a channel is being settled: ACCEPTED (the channel's price is now the one
     * Calibrate knows) or REPAIRING (Calibrate's price is on its way to the channel again).
     */
    public record DriftSettlement(@Schema(description = "The product's id",
                                          example = "5f0c6f2e-3b1a-4a7e-9c55-0d8e6c2b7a10") String id,
                                  @Schema(example = "shopify") String channel,
                                  @Schema(allowableValues = {"ACCEPTED", "REPAIRING"}) String state) {
    }
}
