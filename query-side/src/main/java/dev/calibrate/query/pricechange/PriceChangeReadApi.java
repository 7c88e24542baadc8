package dev.calibrate.query.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.query.channel.ChannelReadApi.ChannelSyncCounts;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the price change reads answer. A change's fields fill in as it moves through its lifecycle;
 * one not reached yet is absent. Percents leave as decimal strings, like money.
 */
public final class PriceChangeReadApi {

    private PriceChangeReadApi() {
    }

    /** A page of price changes, newest first. */
    public record PriceChangeOverviewPage(List<PriceChangeOverview> items, int page, int size, long total) {
    }

    /** A price change as the list shows it: everything but its rule and channel sync. */
    public record PriceChangeOverview(
            UUID id, String name, PriceChangeState state, @Nullable Instant scheduleAt, @Nullable Instant expiresAt,
            @Nullable String note, String author, @Nullable String lastEditor, @Nullable String approver,
            @Nullable PriceChangeApprovalDetail approval, @Nullable String rejectedBy, @Nullable String rejectionReason,
            @Nullable String previewHash, @Nullable PriceChangeCurrentPreview preview, @Nullable Integer applied,
            @Nullable Integer conflicts, @Nullable Integer rolledBack, @Nullable Integer rollbackConflicts,
            Instant createdAt, Instant updatedAt, @Nullable Instant previewedAt, @Nullable Instant submittedAt,
            @Nullable Instant approvedAt, @Nullable Instant rejectedAt, @Nullable Instant cancelledAt,
            @Nullable Instant scheduledAt, @Nullable Instant applyStartedAt, @Nullable Instant appliedAt,
            @Nullable Instant rollbackStartedAt, @Nullable Instant rolledBackAt,
            @Nullable PriceChangeFailedRun failedRun,
            @Nullable String abandonedBy, @Nullable Instant abandonedAt, long version,
            @Nullable PriceChangeApprovalNeed approvalNeed) {
    }

    /** A saved rule's version, which a price change took its rule from. */
    public record PriceChangeRuleRef(UUID id, @Schema(example = "3") int version) {
    }

    /** One price change with its rule and, per channel Calibrate writes prices to, how far its prices got. */
    public record PriceChangeDetail(
            UUID id, String name, PriceChangeState state, @Nullable Instant scheduleAt, @Nullable Instant expiresAt,
            @Nullable String note, String author, @Nullable String lastEditor, @Nullable String approver,
            @Nullable PriceChangeApprovalDetail approval, @Nullable String rejectedBy, @Nullable String rejectionReason,
            @Nullable String previewHash, @Nullable PriceChangeCurrentPreview preview, @Nullable Integer applied,
            @Nullable Integer conflicts, @Nullable Integer rolledBack, @Nullable Integer rollbackConflicts,
            Instant createdAt, Instant updatedAt, @Nullable Instant previewedAt, @Nullable Instant submittedAt,
            @Nullable Instant approvedAt, @Nullable Instant rejectedAt, @Nullable Instant cancelledAt,
            @Nullable Instant scheduledAt, @Nullable Instant applyStartedAt, @Nullable Instant appliedAt,
            @Nullable Instant rollbackStartedAt, @Nullable Instant rolledBackAt,
            @Nullable PriceChangeFailedRun failedRun,
            @Nullable String abandonedBy, @Nullable Instant abandonedAt, long version,
            @Nullable PriceChangeApprovalNeed approvalNeed,
            @Schema(description = "The pricing rule, as the PricingRule JSON Schema describes it.") JsonNode rule,
            @Nullable @Schema(description = "The saved rule version the rule was taken from (GET /api/v1/rules/{id}/"
                    + "versions/{version} shows it); absent for a rule written into the change.")
            PriceChangeRuleRef ruleRef,
            @Schema(description = "Per write-back channel (e.g. shopify), the change's products by sync state.")
            Map<String, ChannelSyncCounts> channelSync) {

        static PriceChangeDetail of(PriceChangeOverview change, JsonNode rule, PriceChangeRuleRef ruleRef,
                                    Map<String, ChannelSyncCounts> channelSync) {
            return new PriceChangeDetail(change.id(), change.name(), change.state(), change.scheduleAt(),
                    change.expiresAt(), change.note(), change.author(), change.lastEditor(), change.approver(),
                    change.approval(), change.rejectedBy(), change.rejectionReason(), change.previewHash(),
                    change.preview(), change.applied(), change.conflicts(), change.rolledBack(),
                    change.rollbackConflicts(), change.createdAt(), change.updatedAt(), change.previewedAt(),
                    change.submittedAt(), change.approvedAt(), change.rejectedAt(), change.cancelledAt(),
                    change.scheduledAt(), change.applyStartedAt(), change.appliedAt(), change.rollbackStartedAt(),
                    change.rolledBackAt(), change.failedRun(), change.abandonedBy(), change.abandonedAt(),
                    change.version(), change.approvalNeed(), rule, ruleRef, channelSync);
        }
    }

    /**
     * Who approved, as which person (the token's subject, when it names one), and whether they approved
     * their own change, which only the tenant's self-approval policy allows.
     */
    public record PriceChangeApprovalDetail(String by, @Nullable String subject, boolean selfApproved, Instant at) {
    }

    /**
     * The current preview's counts per status, the spread of the proposed deltas (absent when none) and
     * how many items' proposed prices are anomalous (absent for a preview made before previews said).
     */
    public record PriceChangeCurrentPreview(Integer items, Integer change, Integer noChange, Integer blocked,
                                            Integer skipped,
                                            @Nullable @Schema(example = "-15.02") String minDeltaPercent,
                                            @Nullable @Schema(example = "-5.00") String medianDeltaPercent,
                                            @Nullable @Schema(example = "0.00") String maxDeltaPercent,
                                            @Nullable @Schema(description = "Items whose proposed price is anomalous "
                                                    + "by the rules of GET /api/v1/anomalies (a move unlike the "
                                                    + "product's recent ones, a price below cost)", example = "1")
                                            Integer anomalous,
                                            @Nullable @Schema(description = "The largest decrease of a CHANGE item, "
                                                    + "in percent of its current price (absent when none goes down)",
                                                    example = "15.02") String largestDecreasePercent,
                                            @Nullable @Schema(description = "The sum of the absolute price "
                                                    + "differences of the CHANGE items, in the rule's currency: the "
                                                    + "revenue impact the approval thresholds measure",
                                                    example = "1250.40") String revenueImpact) {
    }

    /**
     * What the change's preview passed of the policy's approval thresholds (as the policy stood when it was
     * previewed) and the approval it needs for it: {@code admin}, one approver with the admin role, or
     * {@code two_approvers}, two distinct approvers; never the author. {@code firstApproval}: the first of
     * two, while the change waits SUBMITTED for the second. Absent when the preview passed no threshold.
     */
    public record PriceChangeApprovalNeed(@Schema(allowableValues = {"admin_or_two_approvers", "admin", "two_approvers"}) String requires,
                                          List<PriceChangeThresholdPassed> thresholdsPassed,
                                          @Nullable PriceChangeFirstApproval firstApproval) {
    }

    /** One threshold passed: the policy field ({@code maxDecreasePercent}, {@code maxRevenueImpact.EUR}), its limit and the change's value. */
    public record PriceChangeThresholdPassed(@Schema(example = "maxDecreasePercent") String threshold,
                                             @Schema(example = "20") String limit,
                                             @Schema(example = "25.00") String actual) {
    }

    /** The first of two approvals: who, as which person, and when. */
    public record PriceChangeFirstApproval(String by, @Nullable String subject, Instant at) {
    }

    /** The run that ended FAILED and why; it stays once the run was retried or abandoned, as the change's history. */
    public record PriceChangeFailedRun(@Schema(allowableValues = {"APPLY", "ROLLBACK"}) String kind,
                                       Integer attempts, String reason, Instant at) {
    }
}
