package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricechange.PreviewCalculator.Computed;
import dev.calibrate.command.pricechange.PreviewCommands.RecordPreview;
import dev.calibrate.command.pricechange.PreviewCommands.StartPreview;
import dev.calibrate.command.pricechange.PriceChangeRejections.IllegalTransition;
import dev.calibrate.command.pricechange.PriceChangeRejections.PriceChangeConflict;
import dev.calibrate.command.pricechange.PriceChangeRejections.ScheduledDraftApprovalForbidden;
import dev.calibrate.command.pricechange.PriceChangeRejections.SelfApprovalForbidden;
import dev.calibrate.command.pricechange.approval.Approvals;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.AbandonPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApplyPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApprovePriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.CancelPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.EditPreviewItems;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.EditPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FailPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FindPriceChangeState;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FinishPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeCancelled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeFirstApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRejected;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunAbandoned;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunFailed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunRetried;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeScheduled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RejectPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RetryPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.SubmitPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static dev.calibrate.kernel.pricechange.PriceChangeState.ABANDONED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.APPLIED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.APPLYING;
import static dev.calibrate.kernel.pricechange.PriceChangeState.APPROVED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.CANCELLED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.DRAFT;
import static dev.calibrate.kernel.pricechange.PriceChangeState.EXPIRED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.FAILED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.PREVIEWED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.REJECTED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.ROLLED_BACK;
import static dev.calibrate.kernel.pricechange.PriceChangeState.ROLLING_BACK;
import static dev.calibrate.kernel.pricechange.PriceChangeState.SCHEDULED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.SUBMITTED;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One governed bulk price change: a rule, previewed, approved by someone else against that exact
 * preview, applied now or at {@code scheduleAt}, rolled back by hand or at {@code expiresAt}.
 * The items themselves live in the preview store; the runs apply them product by product.
 */
@Aggregate
public class PriceChange {

    static final String SCHEDULED_APPLY = "scheduled-apply";
    static final String EXPIRY = "expiry";
    static final int MAX_NAME_LENGTH = 200;
    private static final Set<PriceChangeState> EDITABLE = EnumSet.of(DRAFT, PREVIEWED);
    /** Where a system retry may preview: not over a preview someone made meanwhile. */
    private static final Set<PriceChangeState> DRAFT_ONLY = EnumSet.of(DRAFT);
    private static final Set<PriceChangeState> CANCELLABLE = EnumSet.of(DRAFT, PREVIEWED, SUBMITTED, APPROVED, SCHEDULED);

    @AggregateIdentifier
    private PriceChangeId id;
    private TenantId tenantId;
    private Definition definition;
    private PriceChangeState state;
    private String previewHash;
    private int changeItems;
    /** What started the running rollback: the expiry ends the change EXPIRED, a manual one ROLLED_BACK. */
    private RollbackTrigger rollbackTrigger;
    /** Which run ended FAILED, while the change is FAILED. */
    private RunKind failedRun;
    /** How far the previewed change moves prices, for the approval thresholds; null before thresholds existed. */
    private ChangeSize size;
    private final Approvals approvals = new Approvals();
    /** Drafted by the system from a saved rule version: a saved rule's schedule drafted it (nothing else does). */
    private boolean draftedBySchedule;

    protected PriceChange() {
        // for Axon
    }

    @CommandHandler
    PriceChange(DraftPriceChange cmd, Clock clock) {
        validate(cmd.definition(), clock.instant());
        apply(new PriceChangeDrafted(cmd.id(), cmd.tenantId(), cmd.author(), cmd.definition(), clock.instant()));
    }

    @CommandHandler
    void handle(EditPriceChange cmd, PreviewStore store, Clock clock) {
        requireTenant(cmd.tenantId());
        requireState("edit", EDITABLE);
        validate(cmd.definition(), clock.instant());
        store.discard(id);
        apply(new PriceChangeEdited(id, tenantId, cmd.editor(), cmd.definition(), clock.instant()));
    }

    /** The rule to evaluate; the evaluation itself runs outside the aggregate, with no transaction open. */
    @CommandHandler
    JsonNode handle(StartPreview cmd) {
        requireTenant(cmd.tenantId());
        requireState("preview", cmd.onlyIfDraft() ? DRAFT_ONLY : EDITABLE);
        return definition.rule();
    }

    @CommandHandler
    PreviewRecorded handle(RecordPreview cmd, PreviewStore store, Clock clock) {
        requireTenant(cmd.tenantId());
        requireState("preview", cmd.onlyIfDraft() ? DRAFT_ONLY : EDITABLE);
        Computed preview = cmd.preview();
        if (!definition.rule().equals(preview.rule())) {
            throw new PriceChangeConflict(state, "price change " + id
                    + " was edited while its preview was computed; preview it again");
        }
        store.replace(tenantId, id, preview);
        apply(new PriceChangePreviewed(id, tenantId, cmd.by(), preview.hash(), preview.summary(), preview.size(),
                preview.approvalNeed(), clock.instant()));
        return new PreviewRecorded(preview.hash(), preview.summary(), preview.size(), preview.approvalNeed());
    }

    /** Excludes or overrides items before approval; {@link PreviewEdits} decides. */
    @CommandHandler
    PreviewRecorded handle(EditPreviewItems cmd, PreviewEdits edits, Clock clock) {
        requireTenant(cmd.tenantId());
        requireState("edit the items of", PreviewEdits.EDITABLE);
        PriceChangePreviewEdited edited = edits.edit(id, tenantId, previewHash, cmd, clock.instant());
        apply(edited);
        return new PreviewRecorded(edited.previewHash(), edited.summary(), edited.size(), edited.approvalNeed());
    }

    @CommandHandler
    void handle(SubmitPriceChange cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        requireState("submit", EnumSet.of(PREVIEWED));
        if (changeItems == 0) {
            throw new PriceChangeConflict(state, "price change " + id + " changes no price: its preview has no CHANGE item");
        }
        apply(new PriceChangeSubmitted(id, tenantId, cmd.by(), previewHash, clock.instant()));
    }

    /**
     * A change over an approval threshold of the policy in force is {@link Approvals}' to decide; answers
     * the state it leaves the change in (SUBMITTED after the first of two approvals).
     */
    @CommandHandler
    PriceChangeState handle(ApprovePriceChange cmd, TenantPolicies policies, Clock clock) {
        requireTenant(cmd.tenantId());
        requireState("approve", EnumSet.of(SUBMITTED));
        TenantPolicy policy = policies.of(tenantId);
        Optional<ApprovalNeed> need = size == null ? Optional.empty() : policy.approvalThresholds().assess(size);
        if (approvals.bySavedRuleOfSchedule(cmd.approver())) {
            throw new ScheduledDraftApprovalForbidden(id);
        }
        boolean selfApproval = approvals.byAnAuthor(cmd.approver());
        if (selfApproval && need.isEmpty() && !policy.selfApprovalAllowed()) {
            throw new SelfApprovalForbidden(id);
        }
        if (!previewHash.equals(cmd.previewHash())) {
            throw new PriceChangeConflict(state, "previewHash " + cmd.previewHash()
                    + " is not the submitted preview of price change " + id + " (" + previewHash + ")");
        }
        if (need.isPresent() && approvals.decide(id, need.get(), cmd.approver(), cmd.approverIsAdmin())
                == Approvals.Outcome.FIRST_OF_TWO) {
            apply(new PriceChangeFirstApproved(id, tenantId, cmd.approver(), previewHash, clock.instant()));
        } else {
            apply(new PriceChangeApproved(id, tenantId, cmd.approver(), previewHash, selfApproval, clock.instant()));
        }
        return state;
    }

    @CommandHandler
    void handle(RejectPriceChange cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        requireState("reject", EnumSet.of(SUBMITTED));
        if (cmd.reason() == null || cmd.reason().isBlank()) {
            throw new InvalidInput("reason", "must say why the change is rejected");
        }
        apply(new PriceChangeRejected(id, tenantId, cmd.by(), cmd.reason().trim(), clock.instant()));
    }

    @CommandHandler
    PriceChangeState handle(FindPriceChangeState cmd) {
        requireTenant(cmd.tenantId());
        return state;
    }

    @CommandHandler
    void handle(CancelPriceChange cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        requireState("cancel", CANCELLABLE);
        apply(new PriceChangeCancelled(id, tenantId, cmd.by(), clock.instant()));
    }

    /** Before {@code scheduleAt} the change waits for a persistent deadline; otherwise it starts now. */
    @CommandHandler
    PriceChangeState handle(ApplyPriceChange cmd, DeadlineManager deadlines, Clock clock) {
        requireTenant(cmd.tenantId());
        requireState("apply", EnumSet.of(APPROVED));
        Instant now = clock.instant();
        Instant scheduleAt = definition.scheduleAt();
        if (scheduleAt != null && scheduleAt.isAfter(now)) {
            deadlines.schedule(scheduleAt, SCHEDULED_APPLY);
            apply(new PriceChangeScheduled(id, tenantId, cmd.by(), scheduleAt, now));
        } else {
            apply(new PriceChangeApplyStarted(id, tenantId, cmd.by(), now));
        }
        return state;
    }

    /**
     * A cancelled change ignores its deadline rather than cancelling it: the state is the truth.
     * The deadline message comes first because Axon takes a handler's first parameter as the payload:
     * with the {@code Clock} first, this handler would only match a deadline carrying a Clock, never ours.
     */
    @DeadlineHandler(deadlineName = SCHEDULED_APPLY)
    void onScheduledApply(DeadlineMessage<?> deadline, Clock clock) {
        if (state == SCHEDULED) {
            apply(new PriceChangeApplyStarted(id, tenantId, Actor.SYSTEM, clock.instant()));
        }
    }

    @CommandHandler
    void handle(RollbackPriceChange cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        if (state == ROLLED_BACK || state == EXPIRED || state == ROLLING_BACK) {
            throw new PriceChangeConflict(state, "price change " + id + " is " + state
                    + ": a rollback cannot be rolled back; to set these prices again, draft a new change");
        }
        requireState("roll back", EnumSet.of(APPLIED));
        apply(new PriceChangeRollbackStarted(id, tenantId, cmd.by(), RollbackTrigger.MANUAL, clock.instant()));
    }

    @DeadlineHandler(deadlineName = EXPIRY)
    void onExpiry(DeadlineMessage<?> deadline, Clock clock) {
        if (state == APPLIED) {
            apply(new PriceChangeRollbackStarted(id, tenantId, Actor.SYSTEM, RollbackTrigger.EXPIRY,
                    clock.instant()));
        }
    }

    @CommandHandler
    void handle(FinishPriceChangeRun cmd, DeadlineManager deadlines, Clock clock) {
        requireTenant(cmd.tenantId());
        Instant now = clock.instant();
        if (cmd.kind() == RunKind.APPLY) {
            requireState("finish applying", EnumSet.of(APPLYING));
            Instant expiresAt = definition.expiresAt();
            if (expiresAt != null) {
                deadlines.schedule(expiresAt.isAfter(now) ? expiresAt : now, EXPIRY);
            }
            apply(new PriceChangeApplied(id, tenantId, cmd.done(), cmd.conflicts(), expiresAt, now));
        } else {
            requireState("finish rolling back", EnumSet.of(ROLLING_BACK));
            apply(new PriceChangeRolledBack(id, tenantId, cmd.done(), cmd.conflicts(), rollbackTrigger, now));
        }
    }

    /** The scheduler gave the run up; the change waits FAILED for an admin to retry or abandon it. */
    @CommandHandler
    void handle(FailPriceChangeRun cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        requireState(cmd.kind() == RunKind.APPLY ? "fail applying" : "fail rolling back", EnumSet.of(running(cmd.kind())));
        apply(new PriceChangeRunFailed(id, tenantId, cmd.kind(), cmd.attempts(), cmd.reason(), clock.instant()));
    }

    @CommandHandler
    void handle(RetryPriceChangeRun cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        requireFailed(cmd.kind(), "retry");
        apply(new PriceChangeRunRetried(id, tenantId, cmd.kind(), cmd.by(), clock.instant()));
    }

    @CommandHandler
    void handle(AbandonPriceChangeRun cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        requireFailed(cmd.kind(), "abandon");
        apply(new PriceChangeRunAbandoned(id, tenantId, cmd.kind(), cmd.by(), clock.instant()));
    }

    @EventSourcingHandler
    void on(PriceChangeDrafted event) {
        id = event.id();
        tenantId = event.tenantId();
        approvals.shapedBy(event.author());
        draftedBySchedule = Actor.SYSTEM.equals(event.author()) && event.definition().ruleRef() != null;
        ruleShapedBy(event.definition());
        definition = event.definition();
        state = DRAFT;
    }

    @EventSourcingHandler
    void on(PriceChangeEdited event) {
        approvals.shapedBy(event.editor());
        ruleShapedBy(event.definition());
        definition = event.definition();
        previewHash = null;
        state = DRAFT;
    }

    @EventSourcingHandler
    void on(PriceChangePreviewed event) {
        previewHash = event.previewHash();
        changeItems = event.summary().change();
        size = event.size();
        approvals.reset();
        state = PREVIEWED;
    }

    /**
     * Whoever saved the rule version a change took its rule from wrote that rule: an author too; of a change a
     * schedule drafted, one who never approves it.
     */
    private void ruleShapedBy(Definition definition) {
        if (definition.ruleRef() != null && definition.ruleRef().savedBy() != null) {
            if (draftedBySchedule) {
                approvals.scheduledFromRuleSavedBy(definition.ruleRef().savedBy());
            } else {
                approvals.shapedBy(definition.ruleRef().savedBy());
            }
        }
    }

    /** An edit after submit takes the change back to PREVIEWED: it is submitted, and approved, anew. */
    @EventSourcingHandler
    void on(PriceChangePreviewEdited event) {
        approvals.shapedBy(event.by());
        previewHash = event.previewHash();
        changeItems = event.summary().change();
        size = event.size();
        approvals.reset();
        state = PREVIEWED;
    }

    @EventSourcingHandler
    void on(PriceChangeFirstApproved event) {
        approvals.firstApproved(event.approver());
    }

    @EventSourcingHandler
    void on(PriceChangeSubmitted event) {
        state = SUBMITTED;
    }

    @EventSourcingHandler
    void on(PriceChangeApproved event) {
        state = APPROVED;
    }

    @EventSourcingHandler
    void on(PriceChangeRejected event) {
        state = REJECTED;
    }

    @EventSourcingHandler
    void on(PriceChangeCancelled event) {
        state = CANCELLED;
    }

    @EventSourcingHandler
    void on(PriceChangeScheduled event) {
        state = SCHEDULED;
    }

    @EventSourcingHandler
    void on(PriceChangeApplyStarted event) {
        state = APPLYING;
    }

    @EventSourcingHandler
    void on(PriceChangeApplied event) {
        state = APPLIED;
    }

    @EventSourcingHandler
    void on(PriceChangeRollbackStarted event) {
        rollbackTrigger = event.trigger();
        state = ROLLING_BACK;
    }

    @EventSourcingHandler
    void on(PriceChangeRolledBack event) {
        state = event.trigger() == RollbackTrigger.EXPIRY ? EXPIRED : ROLLED_BACK;
    }

    @EventSourcingHandler
    void on(PriceChangeRunFailed event) {
        failedRun = event.kind();
        state = FAILED;
    }

    @EventSourcingHandler
    void on(PriceChangeRunRetried event) {
        failedRun = null;
        state = running(event.kind());
    }

    @EventSourcingHandler
    void on(PriceChangeRunAbandoned event) {
        failedRun = null;
        state = ABANDONED;
    }

    private static PriceChangeState running(RunKind kind) {
        return switch (kind) {
            case APPLY -> APPLYING;
            case ROLLBACK -> ROLLING_BACK;
        };
    }

    /** Only a FAILED run of this kind can be retried or abandoned: the other kind never failed. */
    private void requireFailed(RunKind kind, String action) {
        if (state != FAILED || failedRun != kind) {
            throw new IllegalTransition(id, state, action + " the " + kind + " run of");
        }
    }

    private void requireState(String action, Set<PriceChangeState> allowed) {
        if (!allowed.contains(state)) {
            throw new IllegalTransition(id, state, action);
        }
    }

    /** Another tenant's change reads as missing, never as forbidden. */
    private void requireTenant(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw new NotFound("price change");
        }
    }

    private static void validate(Definition definition, Instant now) {
        if (definition.name() == null || definition.name().isBlank()) {
            throw new InvalidInput("name", "must not be blank");
        }
        if (definition.name().length() > MAX_NAME_LENGTH) {
            throw new InvalidInput("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        Instant expiresAt = definition.expiresAt();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidInput("expiresAt", "must be in the future");
        }
        if (expiresAt != null && definition.scheduleAt() != null && !expiresAt.isAfter(definition.scheduleAt())) {
            throw new InvalidInput("expiresAt", "must be after scheduleAt");
        }
    }
}
