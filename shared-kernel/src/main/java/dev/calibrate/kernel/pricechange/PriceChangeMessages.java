package dev.calibrate.kernel.pricechange;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.rule.RuleRef;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Commands and events of a governed price change (the PriceChange aggregate). */
public final class PriceChangeMessages {

    private PriceChangeMessages() {
    }

    /**
     * What the author asks for; {@code rule} is the rules-DSL JSON, already schema-valid. With
     * {@code ruleRef}, the rule is that saved rule's version, copied here as it was resolved when the change
     * was drafted or edited (null: the rule was written into the change).
     */
    public record Definition(String name, JsonNode rule, Instant scheduleAt, Instant expiresAt, String note,
                             @JsonInclude(JsonInclude.Include.NON_NULL) RuleRef ruleRef) {

        public Definition(String name, JsonNode rule, Instant scheduleAt, Instant expiresAt, String note) {
            this(name, rule, scheduleAt, expiresAt, note, null);
        }
    }

    /**
     * Counts per preview status, the spread of the proposed deltas (null when nothing has a proposal),
     * and how many items' proposed prices are anomalous (null in a preview recorded before previews
     * judged them).
     */
    public record PreviewSummary(int items, int change, int noChange, int blocked, int skipped,
                                 @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal minDeltaPercent,
                                 @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal medianDeltaPercent,
                                 @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal maxDeltaPercent,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Integer anomalous) {

        /** A summary that does not say how many items are anomalous. */
        public PreviewSummary(int items, int change, int noChange, int blocked, int skipped,
                              BigDecimal minDeltaPercent, BigDecimal medianDeltaPercent, BigDecimal maxDeltaPercent) {
            this(items, change, noChange, blocked, skipped, minDeltaPercent, medianDeltaPercent, maxDeltaPercent, null);
        }
    }

    /** Whether a run applies the change or takes it back. */
    public enum RunKind { APPLY, ROLLBACK }

    // --- commands -------------------------------------------------------------------------

    public record DraftPriceChange(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor author,
                                   Definition definition) implements TenantCommand {
    }

    public record EditPriceChange(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor editor,
                                  Definition definition) implements TenantCommand {
    }

    /**
     * What a preview answers: its hash (which an approval names), its summary, how far it moves prices and
     * what approval it needs beyond one approver (null: nothing more).
     */
    public record PreviewRecorded(String previewHash, PreviewSummary summary, ChangeSize size, ApprovalNeed approvalNeed) {

        public PreviewRecorded(String previewHash, PreviewSummary summary) {
            this(previewHash, summary, null, null);
        }
    }

    public record SubmitPriceChange(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by)
            implements TenantCommand {
    }

    /**
     * {@code approverIsAdmin}: the approver holds the admin role (scope), which a change over one of the
     * policy's approval thresholds may need.
     */
    public record ApprovePriceChange(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor approver,
                                     String previewHash, boolean approverIsAdmin) implements TenantCommand {

        public ApprovePriceChange(PriceChangeId id, TenantId tenantId, Actor approver, String previewHash) {
            this(id, tenantId, approver, previewHash, false);
        }
    }

    public record RejectPriceChange(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by,
                                    String reason) implements TenantCommand {
    }

    public record CancelPriceChange(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by)
            implements TenantCommand {
    }

    /**
     * The change's state, answered by the aggregate from the event store (a change drafted a moment ago is
     * found): what a saved rule's schedule asks of its previous draft. Records nothing.
     */
    public record FindPriceChangeState(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId)
            implements TenantCommand {
    }

    public record ApplyPriceChange(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by)
            implements TenantCommand {
    }

    public record RollbackPriceChange(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by)
            implements TenantCommand {
    }

    /** What an analyst does to one previewed item before approval. */
    public enum ItemEditAction {
        /** The item is not applied: SKIPPED, with the reason. */
        EXCLUDE,
        /** The item's proposed price is replaced, and checked against the guardrails again. */
        OVERRIDE
    }

    /** One edit of a previewed item, as asked for: {@code price} only for an override. */
    public record ItemEditRequest(String sku, ItemEditAction action, String price, String currency, String reason) {
    }

    /** Excludes or overrides previewed items; answers the new {@code PreviewRecorded}, whose hash approval needs. */
    public record EditPreviewItems(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by,
                                   List<ItemEditRequest> edits) implements TenantCommand {
        public EditPreviewItems {
            edits = List.copyOf(edits);
        }
    }

    /** Sent by the run once every item has its outcome. */
    public record FinishPriceChangeRun(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, RunKind kind,
                                       int done, int conflicts) implements TenantCommand {
    }

    /** Sent by the scheduler when the run failed {@code attempts} times in a row and is not tried again. */
    public record FailPriceChangeRun(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, RunKind kind,
                                     int attempts, String reason) implements TenantCommand {
    }

    /** An admin starts a FAILED run again, once its cause is removed; it resumes with the items not done. */
    public record RetryPriceChangeRun(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, RunKind kind,
                                      Actor by) implements TenantCommand {
    }

    /** An admin gives a FAILED run up: the items it wrote keep their outcome, the others are never sent. */
    public record AbandonPriceChangeRun(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, RunKind kind,
                                        Actor by) implements TenantCommand {
    }

    // --- events ---------------------------------------------------------------------------

    public sealed interface PriceChangeEvent extends DomainEvent {
        PriceChangeId id();

        Instant at();

        @Override
        default String entityType() {
            return "price-change";
        }

        @Override
        default String entityId() {
            return id().toString();
        }
    }

    public record PriceChangeDrafted(PriceChangeId id, TenantId tenantId, Actor author, Definition definition,
                                     Instant at) implements PriceChangeEvent {
    }

    /** The definition changed; any preview (and with it the way to approval) is void. */
    public record PriceChangeEdited(PriceChangeId id, TenantId tenantId, Actor editor, Definition definition,
                                    Instant at) implements PriceChangeEvent {
    }

    /**
     * {@code size}: how far the CHANGE items move, which the approval thresholds are measured against (null
     * in a preview recorded before thresholds existed); {@code approvalNeed}: what the policy in force at
     * the preview asks beyond one approver (null: nothing more).
     */
    public record PriceChangePreviewed(PriceChangeId id, TenantId tenantId, Actor by, String previewHash,
                                       PreviewSummary summary,
                                       @JsonInclude(JsonInclude.Include.NON_NULL) ChangeSize size,
                                       @JsonInclude(JsonInclude.Include.NON_NULL) ApprovalNeed approvalNeed,
                                       Instant at) implements PriceChangeEvent {

        public PriceChangePreviewed(PriceChangeId id, TenantId tenantId, Actor by, String previewHash,
                                    PreviewSummary summary, Instant at) {
            this(id, tenantId, by, previewHash, summary, null, null, at);
        }
    }

    /**
     * One edit as made: the item's proposed price before ({@code from}, null when it had none) and after
     * ({@code to}, null for an exclusion), and the status the guardrails gave it.
     */
    public record ItemEdit(ProductId productId, String sku, ItemEditAction action,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal from,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal to, String currency,
                           String status, String reason) {
    }

    /**
     * Items of the current preview were excluded or overridden: the preview now has {@code previewHash}
     * (derived from {@code previousHash} and the edits) and {@code summary}; the change is PREVIEWED
     * again, so a change that was SUBMITTED must be submitted, and approved, anew.
     */
    public record PriceChangePreviewEdited(PriceChangeId id, TenantId tenantId, Actor by, List<ItemEdit> edits,
                                           String previousHash, String previewHash, PreviewSummary summary,
                                           @JsonInclude(JsonInclude.Include.NON_NULL) ChangeSize size,
                                           @JsonInclude(JsonInclude.Include.NON_NULL) ApprovalNeed approvalNeed,
                                           Instant at) implements PriceChangeEvent {
        public PriceChangePreviewEdited {
            edits = List.copyOf(edits);
        }
    }

    public record PriceChangeSubmitted(PriceChangeId id, TenantId tenantId, Actor by, String previewHash, Instant at)
            implements PriceChangeEvent {
    }

    /**
     * {@code selfApproved}: the approver is the author (the same token, or tokens of the same subject),
     * which only the tenant policy's self-approval allows.
     */
    public record PriceChangeApproved(PriceChangeId id, TenantId tenantId, Actor approver, String previewHash,
                                      boolean selfApproved, Instant at) implements PriceChangeEvent {
    }

    /**
     * The first of the two approvals a change over an approval threshold needs: it stays SUBMITTED,
     * waiting for a second approver (neither its author nor this one), whose approval is the
     * {@link PriceChangeApproved}.
     */
    public record PriceChangeFirstApproved(PriceChangeId id, TenantId tenantId, Actor approver, String previewHash,
                                           Instant at) implements PriceChangeEvent {
    }

    public record PriceChangeRejected(PriceChangeId id, TenantId tenantId, Actor by, String reason, Instant at)
            implements PriceChangeEvent {
    }

    public record PriceChangeCancelled(PriceChangeId id, TenantId tenantId, Actor by, Instant at)
            implements PriceChangeEvent {
    }

    /** Apply was asked for before {@code scheduleAt}; a persistent deadline starts it then. */
    public record PriceChangeScheduled(PriceChangeId id, TenantId tenantId, Actor by, Instant scheduleAt, Instant at)
            implements PriceChangeEvent {
    }

    public record PriceChangeApplyStarted(PriceChangeId id, TenantId tenantId, Actor by, Instant at)
            implements PriceChangeEvent {
    }

    /** Every CHANGE item was applied or skipped as a conflict; {@code expiresAt} is when it rolls back, if ever. */
    public record PriceChangeApplied(PriceChangeId id, TenantId tenantId, int applied, int conflicts,
                                     Instant expiresAt, Instant at) implements PriceChangeEvent {
    }

    /**
     * What started a rollback. Revision 1 of the rollback events said it as a boolean {@code expiry};
     * {@code RollbackTriggerUpcaster} reads those in this shape.
     */
    public enum RollbackTrigger {
        /** Someone asked for it. */
        MANUAL,
        /** The change's {@code expiresAt} was reached. */
        EXPIRY
    }

    @Revision("2")
    public record PriceChangeRollbackStarted(PriceChangeId id, TenantId tenantId, Actor by, RollbackTrigger trigger,
                                             Instant at) implements PriceChangeEvent {
    }

    /** The change is over: ROLLED_BACK, or EXPIRED when its {@code trigger} was the expiry. */
    @Revision("2")
    public record PriceChangeRolledBack(PriceChangeId id, TenantId tenantId, int rolledBack, int conflicts,
                                        RollbackTrigger trigger, Instant at) implements PriceChangeEvent {
    }

    /** The run failed {@code attempts} times in a row, the last time for {@code reason}; the change is FAILED. */
    public record PriceChangeRunFailed(PriceChangeId id, TenantId tenantId, RunKind kind, int attempts, String reason,
                                       Instant at) implements PriceChangeEvent {
    }

    /** The FAILED run starts again: the change is APPLYING or ROLLING_BACK once more. */
    public record PriceChangeRunRetried(PriceChangeId id, TenantId tenantId, RunKind kind, Actor by, Instant at)
            implements PriceChangeEvent {
    }

    /** The FAILED run was given up; the change is ABANDONED, with whatever items the run had written. */
    public record PriceChangeRunAbandoned(PriceChangeId id, TenantId tenantId, RunKind kind, Actor by, Instant at)
            implements PriceChangeEvent {
    }
}
