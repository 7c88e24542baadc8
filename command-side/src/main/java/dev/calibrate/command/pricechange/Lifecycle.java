package dev.calibrate.command.pricechange;

import dev.calibrate.command.pricechange.PriceChangeRejections.IllegalTransition;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeCancelled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
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
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.Collections;
import java.util.EnumSet;
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

/**
 * Where a {@link PriceChange} is in its life, and which commands that state allows: the aggregate's
 * state machine, an {@code @AggregateMember} that every event of the change reaches. Each event moves it
 * here, in one place; the aggregate asks it before deciding and never sets a state itself.
 */
final class Lifecycle {

    static final Set<PriceChangeState> EDITABLE = Collections.unmodifiableSet(EnumSet.of(DRAFT, PREVIEWED));
    /** Where a system retry may preview: not over a preview someone made meanwhile. */
    static final Set<PriceChangeState> DRAFT_ONLY = Collections.unmodifiableSet(EnumSet.of(DRAFT));
    /** A change with a preview and no approval yet, whose items an analyst may edit; DRAFT has no items. */
    static final Set<PriceChangeState> ITEMS_EDITABLE = Collections.unmodifiableSet(EnumSet.of(PREVIEWED, SUBMITTED));
    static final Set<PriceChangeState> CANCELLABLE = Collections.unmodifiableSet(
            EnumSet.of(DRAFT, PREVIEWED, SUBMITTED, APPROVED, SCHEDULED));

    private PriceChangeState state;
    /** What started the running rollback: the expiry ends the change EXPIRED, a manual one ROLLED_BACK. */
    private RollbackTrigger rollbackTrigger;
    /** Which run ended FAILED, while the change is FAILED. */
    private RunKind failedRun;

    PriceChangeState state() {
        return state;
    }

    boolean is(PriceChangeState candidate) {
        return state == candidate;
    }

    /** What started the rollback now running. */
    RollbackTrigger rollbackTrigger() {
        return rollbackTrigger;
    }

    void require(PriceChangeId id, String action, PriceChangeState allowed) {
        require(id, action, EnumSet.of(allowed));
    }

    void require(PriceChangeId id, String action, Set<PriceChangeState> allowed) {
        if (!allowed.contains(state)) {
            throw new IllegalTransition(id, state, action);
        }
    }

    /** Only a FAILED run of this kind can be retried or abandoned: the other kind never failed. */
    void requireFailed(PriceChangeId id, RunKind kind, String action) {
        if (state != FAILED || failedRun != kind) {
            throw new IllegalTransition(id, state, action + " the " + kind + " run of");
        }
    }

    static PriceChangeState running(RunKind kind) {
        return switch (kind) {
            case APPLY -> APPLYING;
            case ROLLBACK -> ROLLING_BACK;
        };
    }

    @EventSourcingHandler
    void on(PriceChangeDrafted event) {
        state = DRAFT;
    }

    @EventSourcingHandler
    void on(PriceChangeEdited event) {
        state = DRAFT;
    }

    @EventSourcingHandler
    void on(PriceChangePreviewed event) {
        state = PREVIEWED;
    }

    /** An edit after submit takes the change back to PREVIEWED: it is submitted, and approved, anew. */
    @EventSourcingHandler
    void on(PriceChangePreviewEdited event) {
        state = PREVIEWED;
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
}
