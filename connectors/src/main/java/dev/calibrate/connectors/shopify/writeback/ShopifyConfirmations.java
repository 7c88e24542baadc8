package dev.calibrate.connectors.shopify.writeback;

import dev.calibrate.connectors.shopify.writeback.DeliveryOutcomes.Unrecorded;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.work.WorkerLanes.OnClose;
import dev.calibrate.kernel.work.WorkerLanes;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Confirmation: records decided write-back outcomes on their products ({@code RecordChannelPriceSync}),
 * in the recurring task {@code shopify-sync-records} (a name kept for the stored schedule). Each command
 * goes in the same transaction that removes its outcome from the waiting list, so an outcome is recorded
 * at least once (the Product ignores a repeat). Outcomes go in lanes by product, so two lanes never
 * write one product.
 */
@Component
public class ShopifyConfirmations implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ShopifyConfirmations.class);
    static final int BATCH = 2000;
    static final int CHUNK = 100;
    static final int LANES = 4;
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final DeliveryOutcomes outcomes;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final WorkerLanes lanes;

    public ShopifyConfirmations(DeliveryOutcomes outcomes, CommandGateway commands,
                              PlatformTransactionManager transactionManager, Optional<Clock> clock) {
        this.outcomes = outcomes;
        this.commands = commands;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock.orElse(Clock.systemUTC());
        this.lanes = WorkerLanes.of("shopify-confirmations", LANES, OnClose.INTERRUPT);
    }

    @Override
    public void destroy() {
        lanes.close();
    }

    /** Records every outcome that is due, until none is left or {@code stopping} says the node shuts down. */
    public void recordDue(BooleanSupplier stopping) {
        List<Unrecorded> due;
        do {
            due = outcomes.unrecorded(clock.instant(), BATCH);
            List<List<Unrecorded>> byLane = new ArrayList<>();
            for (int i = 0; i < LANES; i++) {
                byLane.add(new ArrayList<>());
            }
            due.forEach(u -> byLane.get(Math.floorMod(u.outcome().productId().hashCode(), LANES)).add(u));
            List<Future<?>> running = new ArrayList<>();
            for (List<Unrecorded> lane : byLane) {
                if (!lane.isEmpty()) {
                    running.add(lanes.submit(() -> recordLane(lane, stopping)));
                }
            }
            for (Future<?> lane : running) {
                try {
                    lane.get();
                } catch (ExecutionException e) {
                    log.warn("Recording Shopify confirmations failed: {}", e.getCause().toString(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } while (due.size() == BATCH && !stopping.getAsBoolean());
    }

    private void recordLane(List<Unrecorded> lane, BooleanSupplier stopping) {
        for (int from = 0; from < lane.size(); from += CHUNK) {
            if (stopping.getAsBoolean()) {
                return;
            }
            List<Unrecorded> chunk = lane.subList(from, Math.min(lane.size(), from + CHUNK));
            try {
                transaction.executeWithoutResult(tx -> {
                    chunk.forEach(this::send);
                    outcomes.recorded(chunk.stream().map(Unrecorded::id).toList());
                });
            } catch (RuntimeException chunkFailed) {
                chunk.forEach(this::recordOne);
            }
        }
    }

    /** One by one after its chunk failed: a refused record is dropped (it can never be recorded), others wait. */
    private void recordOne(Unrecorded unrecorded) {
        try {
            transaction.executeWithoutResult(tx -> {
                send(unrecorded);
                outcomes.recorded(List.of(unrecorded.id()));
            });
        } catch (Rejection refused) {
            log.warn("Product {} refused the Shopify write-back outcome {} ({}); it is dropped",
                    unrecorded.outcome().productId(), unrecorded.outcome().result(), refused.getMessage());
            outcomes.recorded(List.of(unrecorded.id()));
        } catch (RuntimeException e) {
            Duration wait = Duration.ofSeconds(1L << Math.min(unrecorded.attempts(), 9));
            Instant next = clock.instant().plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
            outcomes.recordLater(unrecorded.id(), e.toString(), next);
            if (unrecorded.attempts() % 10 == 0) {
                log.warn("Could not record a Shopify write-back outcome on product {} (attempt {}): {}",
                        unrecorded.outcome().productId(), unrecorded.attempts() + 1, e.toString());
            }
        }
    }

    private void send(Unrecorded unrecorded) {
        DeliveryOutcome outcome = unrecorded.outcome();
        MetaData metadata = outcome.priceChangeId() == null ? MetaData.emptyInstance()
                : MetaData.with(MetadataKeys.CORRELATION_ID, outcome.priceChangeId().toString());
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(outcome.command()).andMetaData(metadata));
    }
}
