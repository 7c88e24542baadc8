package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricechange.PreviewCalculator.Computed;
import dev.calibrate.command.pricechange.PreviewCommands.RecordPreview;
import dev.calibrate.command.pricechange.PreviewCommands.StartPreview;
import dev.calibrate.command.pricechange.PriceChangeRejections.PriceChangeConflict;
import dev.calibrate.command.pricechange.PriceChangeRejections.ScheduledDraftApprovalForbidden;
import dev.calibrate.command.pricechange.PriceChangeRejections.SelfApprovalForbidden;
import dev.calibrate.command.pricechange.approval.Approvals;
import dev.calibrate.command.pricechange.edit.PreviewEdits;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApprovePriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.CancelPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.EditPreviewItems;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.EditPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FindPriceChangeState;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
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
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RejectPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.SubmitPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static dev.calibrate.kernel.pricechange.PriceChangeState.APPLIED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.PREVIEWED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.SCHEDULED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.SUBMITTED;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One governed bulk price change: a rule, previewed, approved by someone else against that exact
 * preview, applied now or at {@code scheduleAt}, rolled back by hand or at {@code expiresAt}.
 * The items themselves live in the preview store; the runs apply them product by product. This class
 * shapes the change up to its approval, and handles its deadlines once due; how an approved change
 * runs, and what ends a run, is its {@link RunLifecycle} member's.
 */
@Aggregate
public class PriceChange {

    static final String SCHEDULED_APPLY = "scheduled-apply";
    static final String EXPIRY = "expiry";
    static final int MAX_NAME_LENGTH = 200;

    @AggregateIdentifier
    private PriceChangeId id;
    private TenantId tenantId;
    private Definition definition;
    @AggregateMember
    private final Lifecycle lifecycle = new Lifecycle();
    private String previewHash;
    private int changeItems;
    @AggregateMember
    private final Approvals approvals = new Approvals();
    @AggregateMember
    private final RunLifecycle runs = new RunLifecycle(lifecycle, new AsItsRunsReadIt());

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
        lifecycle.require(id, "edit", Lifecycle.EDITABLE);
        validate(cmd.definition(), clock.instant());
        store.discard(id);
        apply(new PriceChangeEdited(id, tenantId, cmd.editor(), cmd.definition(), clock.instant()));
    }

    /** The rule to evaluate; the evaluation itself runs outside the aggregate, with no transaction open. */
    @CommandHandler
    JsonNode handle(StartPreview cmd) {
        requireTenant(cmd.tenantId());
        lifecycle.require(id, "preview", cmd.onlyIfDraft() ? Lifecycle.DRAFT_ONLY : Lifecycle.EDITABLE);
        return definition.rule();
    }

    @CommandHandler
    PreviewRecorded handle(RecordPreview cmd, PreviewStore store, Clock clock) {
        requireTenant(cmd.tenantId());
        lifecycle.require(id, "preview", cmd.onlyIfDraft() ? Lifecycle.DRAFT_ONLY : Lifecycle.EDITABLE);
        Computed preview = cmd.preview();
        if (!definition.rule().equals(preview.rule())) {
            throw new PriceChangeConflict(lifecycle.state(), "price change " + id
                    + " was edited while its preview was computed; preview it again");
        }
        store.replace(tenantId, id, preview);
        apply(new PriceChangePreviewed(id, tenantId, cmd.by(), preview.hash(), preview.summary(), preview.size(),
                preview.approvalNeed(), clock.instant()));
        return new PreviewRecorded(preview.hash(), preview.summary(), preview.size(), preview.approvalNeed());
    }

    /** Excludes or overrides items before approval; {@link PreviewEdits} decides. */
    @CommandHandler
    PreviewRecorded handle(EditPreviewItems cmd, PreviewEdits edits, TenantPolicies policies, Clock clock) {
        requireTenant(cmd.tenantId());
        lifecycle.require(id, "edit the items of", Lifecycle.ITEMS_EDITABLE);
        PriceChangePreviewEdited edited = edits.edit(id, tenantId, previewHash, cmd, policies.of(tenantId),
                clock.instant());
        apply(edited);
        return new PreviewRecorded(edited.previewHash(), edited.summary(), edited.size(), edited.approvalNeed());
    }

    @CommandHandler
    void handle(SubmitPriceChange cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        lifecycle.require(id, "submit", PREVIEWED);
        if (changeItems == 0) {
            throw new PriceChangeConflict(lifecycle.state(), "price change " + id + " changes no price: its preview has no CHANGE item");
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
        lifecycle.require(id, "approve", SUBMITTED);
        TenantPolicy policy = policies.of(tenantId);
        Optional<ApprovalNeed> need = approvals.need(policy.approvalThresholds());
        if (approvals.bySavedRuleOfSchedule(cmd.approver())) {
            throw new ScheduledDraftApprovalForbidden(id);
        }
        boolean selfApproval = approvals.byAnAuthor(cmd.approver());
        if (selfApproval && need.isEmpty() && !policy.selfApprovalAllowed()) {
            throw new SelfApprovalForbidden(id);
        }
        if (!previewHash.equals(cmd.previewHash())) {
            throw new PriceChangeConflict(lifecycle.state(), "previewHash " + cmd.previewHash()
                    + " is not the submitted preview of price change " + id + " (" + previewHash + ")");
        }
        if (need.isPresent() && approvals.decide(id, need.get(), cmd.approver(), cmd.approverIsAdmin())
                == Approvals.Outcome.FIRST_OF_TWO) {
            apply(new PriceChangeFirstApproved(id, tenantId, cmd.approver(), previewHash, clock.instant()));
        } else {
            apply(new PriceChangeApproved(id, tenantId, cmd.approver(), previewHash, selfApproval, clock.instant()));
        }
        return lifecycle.state();
    }

    @CommandHandler
    void handle(RejectPriceChange cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        lifecycle.require(id, "reject", SUBMITTED);
        if (cmd.reason() == null || cmd.reason().isBlank()) {
            throw new InvalidInput("reason", "must say why the change is rejected");
        }
        apply(new PriceChangeRejected(id, tenantId, cmd.by(), cmd.reason().trim(), clock.instant()));
    }

    @CommandHandler
    PriceChangeState handle(FindPriceChangeState cmd) {
        requireTenant(cmd.tenantId());
        return lifecycle.state();
    }

    @CommandHandler
    void handle(CancelPriceChange cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        lifecycle.require(id, "cancel", Lifecycle.CANCELLABLE);
        apply(new PriceChangeCancelled(id, tenantId, cmd.by(), clock.instant()));
    }

    /**
     * A cancelled change ignores its deadline rather than cancelling it: the state is the truth.
     * The deadline message comes first because Axon takes a handler's first parameter as the payload:
     * with the {@code Clock} first, this handler would only match a deadline carrying a Clock, never ours.
     */
    @DeadlineHandler(deadlineName = SCHEDULED_APPLY)
    void onScheduledApply(DeadlineMessage<?> deadline, Clock clock) {
        if (lifecycle.is(SCHEDULED)) {
            apply(new PriceChangeApplyStarted(id, tenantId, Actor.SYSTEM, clock.instant()));
        }
    }

    @DeadlineHandler(deadlineName = EXPIRY)
    void onExpiry(DeadlineMessage<?> deadline, Clock clock) {
        if (lifecycle.is(APPLIED)) {
            apply(new PriceChangeRollbackStarted(id, tenantId, Actor.SYSTEM, RollbackTrigger.EXPIRY,
                    clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(PriceChangeDrafted event) {
        id = event.id();
        tenantId = event.tenantId();
        definition = event.definition();
    }

    @EventSourcingHandler
    void on(PriceChangeEdited event) {
        definition = event.definition();
        previewHash = null;
    }

    @EventSourcingHandler
    void on(PriceChangePreviewed event) {
        previewHash = event.previewHash();
        changeItems = event.summary().change();
    }

    @EventSourcingHandler
    void on(PriceChangePreviewEdited event) {
        previewHash = event.previewHash();
        changeItems = event.summary().change();
    }

    private void requireTenant(TenantId caller) {
        requireTenant(tenantId, caller);
    }

    /** The change as its runs read it: these fields, as the change's events left them, never a copy. */
    private final class AsItsRunsReadIt implements RunLifecycle.Change {

        @Override
        public PriceChangeId id() {
            return id;
        }

        @Override
        public TenantId tenantId() {
            return tenantId;
        }

        @Override
        public Definition definition() {
            return definition;
        }
    }

    /** Another tenant's change reads as missing, never as forbidden. */
    static void requireTenant(TenantId owner, TenantId caller) {
        if (!owner.equals(caller)) {
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
