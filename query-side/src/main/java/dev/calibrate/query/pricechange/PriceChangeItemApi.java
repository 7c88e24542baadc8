package dev.calibrate.query.pricechange;

import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the item pages of a price change answer, and the preview answer that opens with the first page. */
public final class PriceChangeItemApi {

    private PriceChangeItemApi() {
    }

    /** What the rule made of an item when it was previewed. */
    public enum PreviewStatus { CHANGE, NO_CHANGE, BLOCKED, SKIPPED }

    /** What an item came to: its preview status until a run decides, then the run's outcome. */
    public enum Outcome {
        PENDING, APPLIED, CONFLICT, FAILED, BLOCKED, SKIPPED, NO_CHANGE, ROLLED_BACK, ROLLBACK_CONFLICT;

        /** The outcome a client names in any case; null when it names none. */
        public static Outcome parse(String wire) {
            try {
                return valueOf(wire.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * What a channel made of an item's price: not answered yet, holds it, refused it, never got it, or
     * (a read-only channel such as Amazon) is never sent prices at all. The wire names are the API's.
     */
    public enum ChannelState {
        PENDING, SYNCED, FAILED, SUPERSEDED, NOT_SYNCED;

        /** The state a client names in any case; null when it names none. */
        public static ChannelState parse(String wire) {
            try {
                return valueOf(wire.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** A fresh preview: its hash (what an approver approves), its counts, and the first page of its items. */
    public record PriceChangePreview(String id, PriceChangeState state,
                                     @Schema(description = "SHA-256 of the previewed items, hex") String previewHash,
                                     PriceChangePreviewSummary summary, List<PriceChangeItem> items, int page,
                                     int size, long total,
                                     @Nullable @Schema(description = "The policy's approval thresholds this "
                                             + "preview passes and the approval it needs; absent when it passes none")
                                     PriceChangeReadApi.PriceChangeApprovalNeed approvalNeed) {
    }

    /** Counts per preview status, and the spread of the proposed deltas (absent when nothing has a proposal). */
    public record PriceChangePreviewSummary(
            int items, int change, int noChange, int blocked, int skipped,
            @Nullable @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = "string", example = "-10.00")
            BigDecimal minDeltaPercent,
            @Nullable @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = "string", example = "-10.00")
            BigDecimal medianDeltaPercent,
            @Nullable @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = "string", example = "-5.00")
            BigDecimal maxDeltaPercent,
            @Nullable @Schema(description = "Items whose proposed price is anomalous by the rules of "
                    + "GET /api/v1/anomalies (a move unlike the product's recent ones, a price below cost, a price "
                    + "above 6× its time-weighted 30-day average); each "
                    + "says why in its `anomalies`", example = "1")
            Integer anomalous,
            @Nullable @Schema(description = "The largest decrease of a CHANGE item, in percent of its current "
                    + "price (absent when none goes down)", example = "15.02") String largestDecreasePercent,
            @Nullable @Schema(description = "The sum of the absolute price differences of the CHANGE items, in "
                    + "the rule's currency: the revenue impact the approval thresholds measure", example = "1250.40")
            String revenueImpact) {

        public static PriceChangePreviewSummary of(PreviewSummary summary, ChangeSize size) {
            return new PriceChangePreviewSummary(summary.items(), summary.change(), summary.noChange(),
                    summary.blocked(), summary.skipped(), summary.minDeltaPercent(), summary.medianDeltaPercent(),
                    summary.maxDeltaPercent(), summary.anomalous(),
                    size == null || size.largestDecreasePercent() == null ? null
                            : size.largestDecreasePercent().toPlainString(),
                    size == null || size.revenueImpact() == null ? null
                            : size.revenueImpact().amount().toPlainString());
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
            String sku, @Schema(example = "USD") String currency, PreviewStatus status, Outcome outcome,
            @Nullable Money currentPrice, @Nullable Money proposedPrice, @Nullable Money delta,
            @Nullable @Schema(example = "-10.00") String deltaPercent,
            @Nullable Money currentCompareAt, @Nullable Money proposedCompareAt,
            List<String> reasons, @Nullable String outcomeReason,
            @Schema(description = "How the rule arrived at the proposed price: the selectors that matched, "
                    + "each step with the price before and after it, and the guardrails checked.")
            JsonNode explain,
            @Schema(description = "Per channel the product is linked to, once the item set a price")
            Map<String, PriceChangeItemChannel> channels,
            @Schema(description = "What is unusual about the proposed price, by the rules of GET /api/v1/anomalies "
                    + "judged when the change was previewed: a move unlike the product's recent ones (price_move, "
                    + "with its modified z-score), a price below cost (below_cost), a price above 6× the product's "
                    + "time-weighted average price of the 30 days before the preview (above_average). Empty for most items; advice "
                    + "to the approver, never a block.")
            List<PriceChangeItemAnomaly> anomalies,
            @Nullable @Schema(description = "With the EU prior-price rule on for the currency (docs/prior-price.md): "
                    + "the lowest price of the window before the preview, which a cut announces as its compare-at, "
                    + "and the reduction computed from it. Absent when the rule is off.")
            PriceChangeItemPriorPrice priorPrice) {
    }

    /**
     * An item's prior price: {@code reductionPercent} is the reduction the proposed price announces, from
     * the prior price (absent when it is no genuine reduction); {@code historySince} is set when the
     * product is younger than the window (the prior price is over the history it has), {@code campaignStart}
     * when its price belongs to a live announced reduction whose prior price a progressive cut keeps.
     */
    public record PriceChangeItemPriorPrice(
            Money amount,
            @Nullable @Schema(example = "20.00") String reductionPercent,
            Instant windowStart,
            @Nullable Instant historySince,
            @Nullable Instant campaignStart) {
    }

    /** What is unusual about an item's proposed price, and why, in a sentence. */
    public record PriceChangeItemAnomaly(
            ProposedAnomaly.Kind kind, ProposedAnomaly.Severity severity,
            @Schema(example = "drops 84 % (25.00 → 4.00 USD), 42× its usual move of 2.0 %; modified z-score 31 "
                    + "over 13 changes in 90 days") String reason,
            @Nullable @Schema(description = "The modified z-score of a price move; absent for the other kinds.")
            Double score) {

        public static PriceChangeItemAnomaly of(ProposedAnomaly anomaly) {
            return new PriceChangeItemAnomaly(anomaly.kind(), anomaly.severity(), anomaly.reason(), anomaly.score());
        }
    }

    /** What one channel made of an item's price. */
    public record PriceChangeItemChannel(ChannelState state, @Nullable String reason,
                                         @Nullable List<ChannelError> errors) {
    }
}
