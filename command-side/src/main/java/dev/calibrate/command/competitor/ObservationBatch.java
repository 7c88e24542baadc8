package dev.calibrate.command.competitor;

import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorPricesObserved;
import dev.calibrate.kernel.competitor.CompetitorMessages.Observation;
import dev.calibrate.kernel.competitor.CompetitorMessages.ObservationBatchRecorded;
import dev.calibrate.kernel.competitor.CompetitorMessages.RecordObservations;
import dev.calibrate.kernel.competitor.ObservationBatchId;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One posted batch of a competitor's prices, as its own short stream: a header naming the rejected
 * items, then the accepted observations in parts of at most {@value CompetitorPricesObserved#MAX_PER_PART}
 * (so no single event grows with the batch size limit). All of them are applied in the transaction
 * of the competitor's {@code RecordObservations}, so a batch is recorded whole or not at all.
 * Immutable once written: nothing ever loads it again.
 */
@Aggregate
public class ObservationBatch {

    @AggregateIdentifier
    private ObservationBatchId batchId;

    protected ObservationBatch() {
        // for Axon
    }

    ObservationBatch(RecordObservations cmd) {
        List<Observation> accepted = cmd.accepted();
        int size = CompetitorPricesObserved.MAX_PER_PART;
        int parts = (accepted.size() + size - 1) / size;
        CompetitorId competitor = cmd.competitorId();
        apply(new ObservationBatchRecorded(cmd.batchId(), cmd.tenantId(), competitor, cmd.submitted(),
                accepted.size(), parts, List.copyOf(cmd.rejected())));
        for (int part = 0; part < parts; part++) {
            apply(new CompetitorPricesObserved(cmd.batchId(), cmd.tenantId(), competitor, part,
                    List.copyOf(accepted.subList(part * size, Math.min(accepted.size(), (part + 1) * size)))));
        }
    }

    @EventSourcingHandler
    void on(ObservationBatchRecorded event) {
        batchId = event.batchId();
    }
}
