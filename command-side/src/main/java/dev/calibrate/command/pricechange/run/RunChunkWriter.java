package dev.calibrate.command.pricechange.run;

import dev.calibrate.command.pricechange.JdbcPreviewStore;
import dev.calibrate.command.pricechange.JdbcPreviewStore.ItemOutcome;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Pending;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Recorded;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcomes;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteResult;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrices;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrices;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes one chunk of a price change run, which {@link PriceChangeRunner} hands to a lane: one command
 * for the whole chunk ({@link SetProductPrices}, {@link RevertProductPrices}), decided set-wise, and the
 * items' outcomes, in one transaction. A chunk that fails as a whole (it lost a race with another write
 * to one of its products) is written again item by item through the Product aggregate, each in its own
 * transaction; a product that refuses its write fails only its item.
 */
final class RunChunkWriter {

    private static final Logger log = LoggerFactory.getLogger(RunChunkWriter.class);

    private final JdbcPreviewStore items;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;

    RunChunkWriter(JdbcPreviewStore items, CommandGateway commands, TransactionTemplate transaction) {
        this.items = items;
        this.commands = commands;
        this.transaction = transaction;
    }

    /**
     * Writes {@code chunk} in one transaction; a chunk that fails as a whole, and any item its command left
     * undecided, is written item by item.
     */
    void write(TenantId tenantId, PriceChangeId id, RunKind kind, boolean enforceMap, MetaData metadata,
               List<Pending> chunk) {
        List<Pending> alone;
        try {
            alone = transaction.execute(tx -> {
                List<PriceWriteOutcome> outcomes = this.<PriceWriteOutcomes>send(
                        chunkCommand(tenantId, id, kind, enforceMap, chunk), metadata).outcomes();
                List<Recorded> recorded = new ArrayList<>(chunk.size());
                List<Pending> undecided = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    if (outcomes.get(i) == null) {
                        undecided.add(chunk.get(i));
                    } else {
                        recorded.add(recorded(kind, chunk.get(i), outcomes.get(i)));
                    }
                }
                items.record(id, kind, recorded);
                return undecided;
            });
        } catch (RuntimeException chunkFailed) {
            log.info("A chunk of {} items of price change {} failed together ({}); writing them one by one",
                    chunk.size(), id, chunkFailed.toString());
            alone = chunk;
        }
        for (Pending item : alone) {
            writeAlone(tenantId, id, kind, enforceMap, metadata, item);
        }
    }

    private static Object chunkCommand(TenantId tenantId, PriceChangeId id, RunKind kind, boolean enforceMap,
                                       List<Pending> chunk) {
        return kind == RunKind.APPLY
                ? new SetProductPrices(tenantId, id, chunk.stream()
                        .map(item -> apply(tenantId, id, item, enforceMap)).toList())
                : new RevertProductPrices(tenantId, id, chunk.stream()
                        .map(item -> revert(tenantId, id, item, enforceMap)).toList());
    }

    private static SetProductPrice apply(TenantId tenantId, PriceChangeId id, Pending item, boolean enforceMap) {
        return new SetProductPrice(item.productId(), tenantId, id, item.money(item.currentPrice()),
                item.money(item.proposedPrice()), item.money(item.proposedCompareAt()), item.explain(), enforceMap);
    }

    private static RevertProductPrice revert(TenantId tenantId, PriceChangeId id, Pending item, boolean enforceMap) {
        return new RevertProductPrice(item.productId(), tenantId, id, item.money(item.proposedPrice()), item.replaced(),
                enforceMap);
    }

    /**
     * A product that refuses the write (a domain rejection) fails only its item; anything else stops the
     * run for a retry. The refusal has already marked the write's transaction rollback-only (the command's
     * unit of work joined it and rolled back), so the FAILED outcome goes in a transaction of its own:
     * written in the refused one, it would vanish at commit and take the run down with it.
     */
    private void writeAlone(TenantId tenantId, PriceChangeId id, RunKind kind, boolean enforceMap, MetaData metadata,
                            Pending item) {
        try {
            transaction.executeWithoutResult(tx -> items.record(id, kind,
                    List.of(write(tenantId, id, kind, enforceMap, metadata, item))));
        } catch (Rejection refused) {
            transaction.executeWithoutResult(tx -> items.record(id, kind,
                    List.of(new Recorded(item.seq(), ItemOutcome.FAILED, refused.getMessage(), null))));
        }
    }

    private Recorded write(TenantId tenantId, PriceChangeId id, RunKind kind, boolean enforceMap, MetaData metadata,
                           Pending item) {
        Object command = kind == RunKind.APPLY ? apply(tenantId, id, item, enforceMap)
                : revert(tenantId, id, item, enforceMap);
        return recorded(kind, item, send(command, metadata));
    }

    private static Recorded recorded(RunKind kind, Pending item, PriceWriteOutcome outcome) {
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
