package dev.calibrate.command.pricechange;

import dev.calibrate.command.pricechange.PriceChangeRejections.PriceChangeConflict;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.AbandonPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApplyPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FailPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FinishPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunAbandoned;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunFailed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunRetried;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeScheduled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RetryPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;

import java.time.Clock;
import java.time.Instant;

import static dev.calibrate.kernel.pricechange.PriceChangeState.APPLIED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.APPLYING;
import static dev.calibrate.kernel.pricechange.PriceChangeState.APPROVED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.EXPIRED;
import static dev.calibrate.kernel.pricechange.PriceChangeState.ROLLED_BACK;
import static dev.calibrate.kernel.pricechange.PriceChangeState.ROLLING_BACK;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * How an approved {@link PriceChange} runs: its apply, now or at its {@code scheduleAt} (a persistent
 * deadline), the end of each run (an applied change's expiry deadline set), its rollback by hand, and a
 * run the scheduler gave up, retried or abandoned. An {@code @AggregateMember} that handles these commands
 * itself. It keeps no state of its own: it reads the change's id, tenant and definition (its times)
 * through {@link Change}, so that an edit the change remembers is the edit its runs see, and the
 * change's {@link Lifecycle} says which commands the state allows. The deadlines, once due, are the
 * change's own to handle.
 */
final class RunLifecycle {

    /** What the runs read of the change they belong to; the change keeps it, in one place. */
    interface Change {
        PriceChangeId id();

        TenantId tenantId();

        Definition definition();
    }

    private final Lifecycle lifecycle;
    private final Change change;

    RunLifecycle(Lifecycle lifecycle, Change change) {
        this.lifecycle = lifecycle;
        this.change = change;
    }

    /** Before {@code scheduleAt} the change waits for a persistent deadline; otherwise it starts now. */
    @CommandHandler
    PriceChangeState handle(ApplyPriceChange cmd, DeadlineManager deadlines, Clock clock) {
        requireTenant(cmd.tenantId());
        lifecycle.require(change.id(), "apply", APPROVED);
        Instant now = clock.instant();
        Instant scheduleAt = change.definition().scheduleAt();
        if (scheduleAt != null && scheduleAt.isAfter(now)) {
            deadlines.schedule(scheduleAt, PriceChange.SCHEDULED_APPLY);
            apply(new PriceChangeScheduled(change.id(), change.tenantId(), cmd.by(), scheduleAt, now));
        } else {
            apply(new PriceChangeApplyStarted(change.id(), change.tenantId(), cmd.by(), now));
        }
        return lifecycle.state();
    }

    @CommandHandler
    void handle(RollbackPriceChange cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        PriceChangeState state = lifecycle.state();
        if (state == ROLLED_BACK || state == EXPIRED || state == ROLLING_BACK) {
            throw new PriceChangeConflict(state, "price change " + change.id() + " is " + state
                    + ": a rollback cannot be rolled back; to set these prices again, draft a new change");
        }
        lifecycle.require(change.id(), "roll back", APPLIED);
        apply(new PriceChangeRollbackStarted(change.id(), change.tenantId(), cmd.by(), RollbackTrigger.MANUAL,
                clock.instant()));
    }

    @CommandHandler
    void handle(FinishPriceChangeRun cmd, DeadlineManager deadlines, Clock clock) {
        requireTenant(cmd.tenantId());
        Instant now = clock.instant();
        if (cmd.kind() == RunKind.APPLY) {
            Instant expiresAt = change.definition().expiresAt();
            lifecycle.require(change.id(), "finish applying", APPLYING);
            if (expiresAt != null) {
                deadlines.schedule(expiresAt.isAfter(now) ? expiresAt : now, PriceChange.EXPIRY);
            }
            apply(new PriceChangeApplied(change.id(), change.tenantId(), cmd.done(), cmd.conflicts(), expiresAt, now));
        } else {
            lifecycle.require(change.id(), "finish rolling back", ROLLING_BACK);
            apply(new PriceChangeRolledBack(change.id(), change.tenantId(), cmd.done(), cmd.conflicts(),
                    lifecycle.rollbackTrigger(), now));
        }
    }

    /** The scheduler gave the run up; the change waits FAILED for an admin to retry or abandon it. */
    @CommandHandler
    void handle(FailPriceChangeRun cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        lifecycle.require(change.id(), cmd.kind() == RunKind.APPLY ? "fail applying" : "fail rolling back",
                Lifecycle.running(cmd.kind()));
        apply(new PriceChangeRunFailed(change.id(), change.tenantId(), cmd.kind(), cmd.attempts(), cmd.reason(),
                clock.instant()));
    }

    @CommandHandler
    void handle(RetryPriceChangeRun cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        lifecycle.requireFailed(change.id(), cmd.kind(), "retry");
        apply(new PriceChangeRunRetried(change.id(), change.tenantId(), cmd.kind(), cmd.by(), clock.instant()));
    }

    @CommandHandler
    void handle(AbandonPriceChangeRun cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        lifecycle.requireFailed(change.id(), cmd.kind(), "abandon");
        apply(new PriceChangeRunAbandoned(change.id(), change.tenantId(), cmd.kind(), cmd.by(), clock.instant()));
    }

    private void requireTenant(TenantId caller) {
        PriceChange.requireTenant(change.tenantId(), caller);
    }
}
