package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricechange.PriceChangeItems.ChannelState;
import dev.calibrate.command.pricechange.PriceChangeItems.Outcome;
import dev.calibrate.command.pricing.EvaluationResult;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The bodies the price change lifecycle takes and answers; requests are validated against their JSON Schemas first. */
public final class PriceChangeApi {

    private PriceChangeApi() {
    }

    /**
     * A change's name and rule. The instants stay text here: the schema only says "a string", and
     * their parse error names the field the way the rule parser's errors do.
     */
    @RequestSchema("PriceChangeDefinition")
    public record PriceChangeDefinition(String name, JsonNode rule, @Nullable String scheduleAt,
                                        @Nullable String expiresAt, @Nullable String note) {
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

    /** A fresh preview: its hash (what an approver approves), its counts, and the first page of its items. */
    public record PriceChangePreview(String id, PriceChangeState state,
                                     @Schema(description = "SHA-256 of the previewed items, hex") String previewHash,
                                     PriceChangePreviewSummary summary, List<PriceChangeItem> items, int page,
                                     int size, long total) {
    }

    /** Counts per preview status, and the spread of the proposed deltas (absent when nothing has a proposal). */
    public record PriceChangePreviewSummary(
            int items, int change, int noChange, int blocked, int skipped,
            @Nullable @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = "string", example = "-10.00")
            BigDecimal minDeltaPercent,
            @Nullable @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = "string", example = "-10.00")
            BigDecimal medianDeltaPercent,
            @Nullable @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = "string", example = "-5.00")
            BigDecimal maxDeltaPercent) {

        static PriceChangePreviewSummary of(PreviewSummary summary) {
            return new PriceChangePreviewSummary(summary.items(), summary.change(), summary.noChange(),
                    summary.blocked(), summary.skipped(), summary.minDeltaPercent(), summary.medianDeltaPercent(),
                    summary.maxDeltaPercent());
        }
    }

    /** A page of a change's items, in preview order. */
    public record PriceChangeItemPage(List<PriceChangeItem> items, int page, int size, long total) {
    }

    /**
     * One item of a change: what the preview proposed for a product in one currency, what became of
     * it ({@code outcome}: the preview status until a run decides), and what each channel made of it.
     */
    public record PriceChangeItem(
            @Schema(example = "5f0c6f2e-3b1a-4a7e-9c55-0d8e6c2b7a10") String productId,
            String sku, @Schema(example = "USD") String currency, EvaluationResult.Status status, Outcome outcome,
            @Nullable Money currentPrice, @Nullable Money proposedPrice, @Nullable Money delta,
            @Nullable @Schema(example = "-10.00") String deltaPercent,
            @Nullable Money currentCompareAt, @Nullable Money proposedCompareAt,
            List<String> reasons, @Nullable String outcomeReason,
            @Schema(description = "How the rule arrived at the proposed price: the selectors that matched, "
                    + "each step with the price before and after it, and the guardrails checked.")
            JsonNode explain,
            @Schema(description = "Per channel the product is linked to, once the item set a price")
            Map<String, PriceChangeItemChannel> channels) {
    }

    /** What one channel made of an item's price. */
    public record PriceChangeItemChannel(ChannelState state, @Nullable String reason,
                                         @Nullable List<ChannelError> errors) {
    }
}
