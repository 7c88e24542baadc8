package dev.calibrate.query.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.query.pricechange.PriceChangeItemApi.ChannelState;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a price's provenance answers: why a product has the price it has (or had at an instant). */
public final class ProvenanceApi {

    private ProvenanceApi() {
    }

    /** How a price came to be: observed at a source (a channel or the API), or set by a price change's run. */
    public enum Origin { OBSERVED, PRICE_CHANGE_APPLY, PRICE_CHANGE_ROLLBACK }

    /**
     * A product's price in one currency, live or at {@code at}, with the event that set it and everything
     * behind that event: the price change and its approval, or the source and ingest that observed it;
     * what the channels made of it, any open drift, and the price before.
     */
    public record PriceProvenance(
            UUID productId, @Schema(example = "USD") String currency,
            @Nullable @Schema(description = "The instant asked for; absent for the live price.") Instant at,
            @Schema(example = "20.99") String amount, @Nullable @Schema(example = "25.00") String compareAt,
            Origin origin, PriceEvent setBy,
            @Nullable @Schema(description = "Where an observed price was seen: a channel (shopify, amazon) or api.",
                    example = "shopify") String source,
            @Nullable @Schema(description = "The ingest, webhook or API request that observed the price.")
            Ingest ingest,
            @Nullable @Schema(description = "The price change whose run set the price.")
            PriceChangeProvenance priceChange,
            @Schema(description = "For a price a price change set: per channel the product is linked to, what the "
                    + "channel made of it. Empty for an observed price.")
            List<ChannelConfirmation> channels,
            @Schema(description = "Drifts open at the instant in this currency: a channel showing another price than "
                    + "Calibrate's.") List<OpenDrift> openDrifts,
            @Nullable @Schema(description = "The price this one replaced; absent for the first price, or when it lies "
                    + "beyond the events read (see historyComplete).") PreviousPrice previous,
            @Schema(description = "false when the read stopped before the product's first event: at most "
                    + ProductStreamWindow.MAX_EVENTS + " events are read, newest first, so a previous price, the "
                    + "channel links or a drift older than those may be missing.") boolean historyComplete) {

        /** The same answer without the approver's subject (an e-mail), for a caller not entitled to it. */
        PriceProvenance withoutApproverSubject() {
            return priceChange == null || priceChange.approverSubject() == null ? this
                    : new PriceProvenance(productId, currency, at, amount, compareAt, origin, setBy, source, ingest,
                    priceChange.withoutApproverSubject(), channels, openDrifts, previous, historyComplete);
        }
    }

    /** An event of the product's stream: what it was, where it stands in the event store, who caused it. */
    public record PriceEvent(
            @Schema(example = "ProductPriceChanged") String type, String eventId,
            @Schema(description = "The event's global position in the event store.") long position,
            @Schema(description = "The event's sequence number in the product's stream.") long sequence,
            Instant time, @Nullable String actor, @Nullable String correlationId, @Nullable String requestId) {
    }

    /**
     * What observed a price: {@code correlationId} is the ingest run (Shopify, Amazon sync), the webhook,
     * or the API request that wrote it; {@code requestId} the API request, when one did.
     */
    public record Ingest(@Schema(example = "shopify") String source, @Nullable String actor,
                         @Nullable String correlationId, @Nullable String requestId) {
    }

    /**
     * The price change behind a price: its definition and approval from the price change read model,
     * the run that set the price, and the item's explain trace as the product's event stores it, with
     * the inputs it used.
     */
    public record PriceChangeProvenance(
            UUID id, @Schema(allowableValues = {"APPLY", "ROLLBACK"}) String action,
            @Nullable String name, @Nullable PriceChangeState state,
            @Nullable @Schema(description = "The pricing rule as stored (PricingRule JSON). A change's rule cannot "
                    + "change once submitted: this is the rule the approval covered.") JsonNode rule,
            @Nullable @Schema(description = "The saved rule version the change took its rule from; absent for a rule "
                    + "written into the change.") SavedRuleUsed ruleRef,
            @Nullable String previewHash, @Nullable String author, @Nullable String approver,
            // the approver's subject (an e-mail) only for audit:read or a prices scope (ProvenanceController)
            @Nullable String approverSubject, @Nullable Boolean selfApproved, @Nullable Instant approvedAt,
            @Nullable Run run,
            @Nullable @Schema(description = "How the price was computed, as the product's event stores it: the "
                    + "conditions matched, each step with its input, output and detail, the guardrails checked.")
            JsonNode explain,
            @Nullable @Schema(description = "The item's own inputs to the rule, as previewed and approved; absent "
                    + "for a rollback (it restores the price the apply replaced).") ExplainInputsView inputs) {

        PriceChangeProvenance withoutApproverSubject() {
            return new PriceChangeProvenance(id, action, name, state, rule, ruleRef, previewHash, author, approver, null,
                    selfApproved, approvedAt, run, explain, inputs);
        }
    }

    /**
     * A saved rule's version a price change used: {@code name} is the name that version had (null while the
     * saved rule read model has not caught up); GET /api/v1/rules/{id}/versions/{version} shows its rule.
     */
    public record SavedRuleUsed(UUID id, @Nullable @Schema(example = "Summer tees minus 10 %") String name,
                                @Schema(example = "3") int version) {
    }

    /** The run that set the price; a run has no id of its own: it is the change's apply or rollback. */
    public record Run(@Schema(allowableValues = {"APPLY", "ROLLBACK"}) String kind, @Nullable Instant startedAt,
                      @Nullable Instant finishedAt, @Nullable Integer written, @Nullable Integer conflicts) {
    }

    /** An item's inputs: its cost, MAP, and the competitor prices its steps used. */
    public record ExplainInputsView(
            @Nullable @Schema(example = "8.00") String cost,
            @Nullable @Schema(description = "The currency of a cost in another one than the rule's (never converted).")
            String costElsewhere,
            @Nullable @Schema(description = "The brand floor in force when previewed, as its guardrail names it "
                    + "(\"MAP 19.99\", \"PMAP 17.99 until 2026-12-01T00:00:00Z\", \"LRP 21.00\"); only with enforceMap on.")
            String map, List<CompetitorInput> competitors) {
    }

    /** A competitor price a step used, and how old it was when the price was set. */
    public record CompetitorInput(@Schema(example = "Bolt Outlet (bolt-outlet.example)") String source,
                                  @Schema(example = "26.00") String price, String currency, Instant observedAt,
                                  @Schema(description = "ISO-8601 duration from the observation to the price event.",
                                          example = "PT2H") String ageAtPrice) {
    }

    /** What one channel made of the price. */
    public record ChannelConfirmation(
            @Schema(example = "shopify") String channel, ChannelState state,
            @Schema(description = "The channel's identifiers of the product, e.g. Shopify's variantId.")
            Map<String, String> refs,
            @Nullable @Schema(description = "When the channel's answer was recorded.") Instant at,
            @Nullable String eventId, @Nullable Long position, @Nullable String reason,
            List<ChannelError> errors) {
    }

    /** A channel shows {@code actual} where Calibrate set {@code expected}. */
    public record OpenDrift(String channel, String expected, String actual, @Nullable String actualCompareAt,
                            boolean repairRequested, Instant detectedAt, String eventId, long position) {
    }

    /** The price before, and what set it. */
    public record PreviousPrice(String amount, @Nullable String compareAt, Origin origin, PriceEvent setBy,
                                @Nullable String source, @Nullable UUID priceChangeId) {
    }
}
