package dev.calibrate.command.pricechange;

import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** The bodies the price change lifecycle takes and answers; requests are validated against their JSON Schemas first. */
public final class PriceChangeApi {

    private PriceChangeApi() {
    }

    @RequestSchema("PriceChangeApproval")
    public record PriceChangeApproval(String previewHash) {
    }

    @RequestSchema("PriceChangeRejection")
    public record PriceChangeRejection(String reason) {
    }

    /** Where a change stands after a command: the state it reached (or, for apply, is on its way through). */
    public record PriceChangeStatus(
            @Schema(example = "0b7d3f7e-8a51-4c3e-9a57-5d2f0a4c1e11") String id,
            PriceChangeState state) {
    }
}
