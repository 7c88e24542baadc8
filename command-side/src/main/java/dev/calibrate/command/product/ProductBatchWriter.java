package dev.calibrate.command.product;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a batch of already-validated upserts in chunks, one transaction per chunk, so a batch
 * costs a few commits instead of one per item. Should a chunk fail as a whole (a concurrent write
 * to the same product, a database hiccup), its items are retried one by one so that each gets its
 * own answer and nothing is half-written.
 */
@Component
public class ProductBatchWriter {

    private static final Logger log = LoggerFactory.getLogger(ProductBatchWriter.class);
    static final int CHUNK_SIZE = 200;

    /** Per item: the result, or the rejection, or neither when it failed unexpectedly. */
    public record Outcome(UpsertResult result, Rejection rejection) {
        static Outcome of(UpsertResult result) {
            return new Outcome(result, null);
        }
    }

    private final CommandGateway commands;
    private final TransactionTemplate transaction;

    public ProductBatchWriter(CommandGateway commands, PlatformTransactionManager transactionManager) {
        this.commands = commands;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    public List<Outcome> write(List<UpsertProduct> upserts) {
        List<Outcome> outcomes = new ArrayList<>(upserts.size());
        for (int from = 0; from < upserts.size(); from += CHUNK_SIZE) {
            List<UpsertProduct> chunk = upserts.subList(from, Math.min(upserts.size(), from + CHUNK_SIZE));
            outcomes.addAll(writeChunk(chunk));
        }
        return outcomes;
    }

    private List<Outcome> writeChunk(List<UpsertProduct> chunk) {
        try {
            return transaction.execute(tx -> chunk.stream()
                    .map(upsert -> Outcome.of(commands.<UpsertResult>sendAndWait(upsert))).toList());
        } catch (RuntimeException chunkFailed) {
            log.info("A chunk of {} upserts failed together ({}); writing its items one by one",
                    chunk.size(), chunkFailed.toString());
            return chunk.stream().map(this::writeOne).toList();
        }
    }

    private Outcome writeOne(UpsertProduct upsert) {
        try {
            return Outcome.of(commands.sendAndWait(upsert));
        } catch (Rejection rejection) {
            return new Outcome(null, rejection);
        } catch (RuntimeException e) {
            log.warn("Upsert of SKU {} failed", upsert.sku(), e);
            return new Outcome(null, null);
        }
    }
}
