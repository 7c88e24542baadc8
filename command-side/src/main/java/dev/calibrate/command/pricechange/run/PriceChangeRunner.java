package dev.calibrate.command.pricechange.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricechange.JdbcPreviewStore;
import dev.calibrate.command.pricechange.JdbcPreviewStore.ItemOutcome;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Pending;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Recorded;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FinishPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteResult;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Applies (or rolls back) a price change product by product. Items go in chunks, one transaction
 * per chunk holding both the products' events and the items' outcomes, so a run that stops midway
 * (a crash, a restart) resumes with exactly the items it had not done; the Product aggregate refuses
 * a second write for the same change as a further guard. The apply takes the rule from the preview it
 * runs and keeps, per item, the price it replaced; the rollback puts that back. When every item has
 * its outcome, the run tells the PriceChange aggregate.
 */
@Component
public class PriceChangeRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PriceChangeRunner.class);
    static final int CHUNK_SIZE = 200;
    /**
     * Chunks written at once, each in its own transaction on its own connection: an item costs a few
     * database round trips, so one lane is bound by latency, not by CPU. Chunks never share a product.
     */
    static final int LANES = 4;

    private final JdbcPreviewStore items;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;
    private final WorkerLanes lanes;

    PriceChangeRunner(JdbcPreviewStore items, CommandGateway commands, PlatformTransactionManager transactionManager) {
        this.items = items;
        this.commands = commands;
        this.transaction = new TransactionTemplate(transactionManager);
        this.lanes = WorkerLanes.of("price-change-run", LANES, WorkerLanes.OnClose.FINISH_SUBMITTED);
    }

    @Override
    public void destroy() {
        lanes.close();
    }

    /** Thrown between chunks when the node shuts down, so the scheduler keeps the run for later. */
    static final class RunInterrupted extends RuntimeException {
        RunInterrupted(PriceChangeId id) {
            super("run of price change " + id + " stopped for shutdown; it resumes where it stopped");
        }
    }

    /** Runs until every item has its outcome, or until {@code stopping} says the node shuts down. */
    public void run(TenantId tenantId, PriceChangeId id, RunKind kind, Actor actor, BooleanSupplier stopping) {
        MetaData metadata = MetaData.with(MetadataKeys.ACTOR, actor.id())
                .and(MetadataKeys.CORRELATION_ID, id.toString());
        JsonNode rule = kind == RunKind.APPLY ? items.rule(id) : null;
        List<Pending> next;
        while (!(next = items.pending(id, kind, CHUNK_SIZE * LANES)).isEmpty()) {
            if (stopping.getAsBoolean()) {
                throw new RunInterrupted(id);
            }
            List<Future<?>> running = new ArrayList<>();
            for (int from = 0; from < next.size(); from += CHUNK_SIZE) {
                List<Pending> chunk = next.subList(from, Math.min(next.size(), from + CHUNK_SIZE));
                running.add(lanes.submit(() -> runChunk(tenantId, id, kind, rule, metadata, chunk)));
            }
            awaitAll(running);
        }
        int[] counts = items.counts(id, kind);
        send(new FinishPriceChangeRun(id, tenantId, kind, counts[0], counts[1]), metadata);
        log.info("Price change {} {}: {} written, {} not", id, kind == RunKind.APPLY ? "applied" : "rolled back",
                counts[0], counts[1]);
    }

    /** Waits for every lane, then fails with the first failure: no lane is left running unobserved. */
    private static void awaitAll(List<Future<?>> running) {
        RuntimeException failure = null;
        for (Future<?> lane : running) {
            try {
                lane.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing a price change", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void runChunk(TenantId tenantId, PriceChangeId id, RunKind kind, JsonNode rule, MetaData metadata,
                          List<Pending> chunk) {
        try {
            transaction.executeWithoutResult(tx -> items.record(id, kind,
                    chunk.stream().map(item -> write(tenantId, id, kind, rule, metadata, item)).toList()));
        } catch (RuntimeException chunkFailed) {
            log.info("A chunk of {} items of price change {} failed together ({}); writing them one by one",
                    chunk.size(), id, chunkFailed.toString());
            for (Pending item : chunk) {
                writeAlone(tenantId, id, kind, rule, metadata, item);
            }
        }
    }

    /**
     * A product that refuses the write (a domain rejection) fails only its item; anything else stops the
     * run for a retry. The refusal has already marked the write's transaction rollback-only (the command's
     * unit of work joined it and rolled back), so the FAILED outcome goes in a transaction of its own:
     * written in the refused one, it would vanish at commit and take the run down with it.
     */
    private void writeAlone(TenantId tenantId, PriceChangeId id, RunKind kind, JsonNode rule, MetaData metadata,
                            Pending item) {
        try {
            transaction.executeWithoutResult(tx -> items.record(id, kind,
                    List.of(write(tenantId, id, kind, rule, metadata, item))));
        } catch (Rejection refused) {
            transaction.executeWithoutResult(tx -> items.record(id, kind,
                    List.of(new Recorded(item.seq(), ItemOutcome.FAILED, refused.getMessage(), null))));
        }
    }

    private Recorded write(TenantId tenantId, PriceChangeId id, RunKind kind, JsonNode rule, MetaData metadata,
                           Pending item) {
        Object command = kind == RunKind.APPLY
                ? new SetProductPrice(item.productId(), tenantId, id, item.money(item.currentPrice()),
                item.money(item.proposedPrice()), item.money(item.proposedCompareAt()), rule, item.explain())
                : new RevertProductPrice(item.productId(), tenantId, id, item.money(item.proposedPrice()),
                item.replaced());
        PriceWriteOutcome outcome = send(command, metadata);
        boolean written = outcome.result() == PriceWriteResult.WRITTEN;
        ItemOutcome recorded = kind == RunKind.APPLY
                ? (written ? ItemOutcome.APPLIED : ItemOutcome.CONFLICT)
                : (written ? ItemOutcome.ROLLED_BACK : ItemOutcome.ROLLBACK_CONFLICT);
        return new Recorded(item.seq(), recorded, outcome.reason(), written ? outcome.replaced() : null);
    }

    private <R> R send(Object command, MetaData metadata) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}
