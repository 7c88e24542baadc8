package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ItemEditAction;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.util.List;

/**
 * The bodies the price change lifecycle takes and answers; requests are validated against their JSON
 * Schemas first. The preview answer and the item pages are the query side's (PriceChangeItemApi).
 */
public final class PriceChangeApi {

    private PriceChangeApi() {
    }

    /**
     * A change's name and rule: the rule itself, or a reference to a saved rule's version (exactly one of
     * the two). The instants stay text here: the schema only says "a string", and their parse error names
     * the field the way the rule parser's errors do.
     */
    @RequestSchema("PriceChangeDefinition")
    public record PriceChangeDefinition(String name, @Nullable JsonNode rule,
                                        @Nullable @Schema(description = "Instead of rule: a saved rule's version, "
                                                + "whose rule the change copies.") SavedRuleReference ruleRef,
                                        @Nullable String scheduleAt, @Nullable String expiresAt,
                                        @Nullable String note) {

        /** A definition with the rule written in. */
        public PriceChangeDefinition(String name, JsonNode rule, String scheduleAt, String expiresAt, String note) {
            this(name, rule, null, scheduleAt, expiresAt, note);
        }
    }

    /** A saved rule, and which version of it; without a version, the latest (the change records which that was). */
    public record SavedRuleReference(@Schema(example = "6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b") String id,
                                     @Nullable @Schema(example = "3") Integer version) {
    }

    @RequestSchema("PriceChangeApproval")
    public record PriceChangeApproval(String previewHash) {
    }

    @RequestSchema("PriceChangeRejection")
    public record PriceChangeRejection(String reason) {
    }

    /** Items of the current preview to exclude or override, at most 1,000 in one request. */
    @RequestSchema("PreviewItemEdits")
    public record PreviewItemEdits(List<PreviewItemEdit> edits) {
    }

    /** {@code price} and {@code currency} only for an OVERRIDE; {@code reason} always. */
    public record PreviewItemEdit(@Schema(example = "TS-1") String sku, ItemEditAction action,
                                  @Nullable @Schema(example = "19.99") String price,
                                  @Nullable @Schema(example = "USD") String currency,
                                  @Schema(example = "matched the outlet's price by hand") String reason) {
    }

    /** The edited preview: the hash an approval now names, its summary, and the change's state (PREVIEWED). */
    public record PreviewEdited(@Schema(example = "0b7d3f7e-8a51-4c3e-9a57-5d2f0a4c1e11") String id,
                                PriceChangeState state, String previewHash, PreviewSummary summary) {
    }

    /** Where a change stands after a command: the state it reached (or, for apply, is on its way through). */
    public record PriceChangeStatus(
            @Schema(example = "0b7d3f7e-8a51-4c3e-9a57-5d2f0a4c1e11") String id,
            PriceChangeState state) {
    }
}
