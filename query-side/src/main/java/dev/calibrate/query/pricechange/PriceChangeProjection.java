package dev.calibrate.query.pricechange;

import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeCancelled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEvent;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRejected;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunAbandoned;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunFailed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunRetried;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeScheduled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

import java.util.function.Consumer;

/**
 * The price change list ({@code price_change_view}): one row per price change, following its state
 * machine. Timestamps are the events' own {@code at}. Events of one price change arrive in order, so
 * the row's version tells which were applied: a redelivered event changes nothing. Rebuilt by replay.
 */
@Component
@ProcessingGroup(PriceChangeProjection.NAME)
public class PriceChangeProjection {

    public static final String NAME = "price-changes";

    private final PriceChangeViewRepository views;

    PriceChangeProjection(PriceChangeViewRepository views) {
        this.views = views;
    }

    @EventHandler
    void on(PriceChangeDrafted event, @SequenceNumber long version) {
        // findById, not existsById: a query would first flush the whole batch's pending changes
        if (views.findById(event.id().value()).isEmpty()) {
            views.save(new PriceChangeView(event.id().value(), event.tenantId().value(), event.author().id(),
                    event.definition(), event.at(), version));
        }
    }

    @EventHandler
    void on(PriceChangeEdited event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.DRAFT, view -> view.edited(event.editor().id(), event.definition()));
    }

    @EventHandler
    void on(PriceChangePreviewed event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.PREVIEWED,
                view -> view.previewed(event.previewHash(), event.summary(), event.at()));
    }

    @EventHandler
    void on(PriceChangeSubmitted event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.SUBMITTED, view -> view.submitted(event.at()));
    }

    @EventHandler
    void on(PriceChangeApproved event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.APPROVED, view -> view.approved(event.approver().id(), event.approver().subject(), event.selfApproved(), event.at()));
    }

    @EventHandler
    void on(PriceChangeRejected event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.REJECTED,
                view -> view.rejected(event.by().id(), event.reason(), event.at()));
    }

    @EventHandler
    void on(PriceChangeCancelled event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.CANCELLED, view -> view.cancelled(event.at()));
    }

    @EventHandler
    void on(PriceChangeScheduled event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.SCHEDULED, view -> view.scheduled(event.scheduleAt(), event.at()));
    }

    @EventHandler
    void on(PriceChangeApplyStarted event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.APPLYING, view -> view.applyStarted(event.at()));
    }

    @EventHandler
    void on(PriceChangeApplied event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.APPLIED,
                view -> view.applied(event.applied(), event.conflicts(), event.expiresAt(), event.at()));
    }

    @EventHandler
    void on(PriceChangeRollbackStarted event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.ROLLING_BACK, view -> view.rollbackStarted(event.at()));
    }

    @EventHandler
    void on(PriceChangeRolledBack event, @SequenceNumber long version) {
        apply(event, version, event.expiry() ? PriceChangeState.EXPIRED : PriceChangeState.ROLLED_BACK,
                view -> view.rolledBack(event.rolledBack(), event.conflicts(), event.at()));
    }

    @EventHandler
    void on(PriceChangeRunFailed event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.FAILED,
                view -> view.runFailed(event.kind().name(), event.attempts(), event.reason(), event.at()));
    }

    @EventHandler
    void on(PriceChangeRunRetried event, @SequenceNumber long version) {
        apply(event, version, event.kind() == RunKind.APPLY ? PriceChangeState.APPLYING : PriceChangeState.ROLLING_BACK,
                view -> { });
    }

    @EventHandler
    void on(PriceChangeRunAbandoned event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.ABANDONED, view -> view.runAbandoned(event.by().id(), event.at()));
    }

    @ResetHandler
    void reset() {
        views.deleteAllInBatch();
    }

    /** Records {@code change} and the new state, unless the row has seen this event already. */
    private void apply(PriceChangeEvent event, long version, PriceChangeState state, Consumer<PriceChangeView> change) {
        views.findById(event.id().value()).filter(view -> view.getVersion() < version).ifPresent(view -> {
            change.accept(view);
            view.moveTo(state, event.at(), version);
        });
    }
}
