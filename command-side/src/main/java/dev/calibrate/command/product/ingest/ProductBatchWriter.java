package dev.calibrate.command.product.ingest;

import dev.calibrate.command.product.ingest.NewProducts.CreateNewProducts;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch of already-validated upserts in chunks, one transaction per chunk. In a chunk, one
 * query tells which products already exist: those go through their aggregate, one command each; the
 * new ones are created together ({@link NewProducts}), their events appended in one batched insert.
 * Should a chunk fail as a whole (a product created by another write between the query and the
 * append, a database hiccup), nothing of it is stored and its items are retried one by one through
 * the aggregate, so that each gets its own answer and nothing is half-written.
 */
@Component
public class ProductBatchWriter {

    private static final Logger log = LoggerFactory.getLogger(ProductBatchWriter.class);
    /** The API's largest batch: a request is one chunk, one transaction. */
    static final int CHUNK_SIZE = 1000;

    /** Per item: the result, or the rejection, or neither when it failed unexpectedly. */
    public record Outcome(UpsertResult result, Rejection rejection) {
        static Outcome of(UpsertResult result) {
            return new Outcome(result, null);
        }
    }

    private final CommandGateway commands;
    private final TransactionTemplate transaction;
    private final StoredProducts stored;
    private final ProductQuota quota;

    public ProductBatchWriter(CommandGateway commands, PlatformTransactionManager transactionManager,
                              StoredProducts stored, ProductQuota quota) {
        this.commands = commands;
        this.quota = quota;
        this.transaction = new TransactionTemplate(transactionManager);
        this.stored = stored;
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
            return transaction.execute(tx -> writeTogether(chunk));
        } catch (RuntimeException chunkFailed) {
            // the class only: the driver's message repeats the statement, every payload of the chunk included
            log.info("A chunk of {} upserts failed together ({}); writing its items one by one",
                    chunk.size(), chunkFailed.getClass().getSimpleName());
            log.debug("The chunk failed with", chunkFailed);
            return chunk.stream().map(this::writeOne).toList();
        }
    }

    /**
     * The first upsert of each product not stored yet is created in bulk, per tenant; every other one
     * (an existing product, or the same SKU again later in the chunk) goes to its aggregate afterwards,
     * in the chunk's order, so each product sees its upserts in the order they came.
     */
    private List<Outcome> writeTogether(List<UpsertProduct> chunk) {
        Set<String> existing = stored.existing(chunk.stream().map(u -> u.productId().toString()).toList());
        Set<ProductId> claimed = new HashSet<>();
        Map<TenantId, List<Integer>> fresh = new LinkedHashMap<>();
        List<Integer> throughAggregate = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            UpsertProduct upsert = chunk.get(i);
            if (!existing.contains(upsert.productId().toString()) && claimed.add(upsert.productId())) {
                fresh.computeIfAbsent(upsert.tenantId(), t -> new ArrayList<>()).add(i);
            } else {
                throughAggregate.add(i);
            }
        }
        Outcome[] outcomes = new Outcome[chunk.size()];
        fresh.forEach((tenantId, all) -> {
            // as many as the tenant's products quota leaves room for, in the chunk's order; the rest refused
            long room = quota.room(tenantId);
            List<Integer> indexes = room >= all.size() ? all : all.subList(0, (int) room);
            if (indexes.size() < all.size()) {
                Rejection refused = quota.refusal(tenantId);
                all.subList(indexes.size(), all.size()).forEach(i -> outcomes[i] = new Outcome(null, refused));
            }
            if (indexes.isEmpty()) {
                return;
            }
            List<UpsertResult> created = commands.sendAndWait(
                    new CreateNewProducts(tenantId, indexes.stream().map(chunk::get).toList()));
            for (int k = 0; k < indexes.size(); k++) {
                outcomes[indexes.get(k)] = Outcome.of(created.get(k));
            }
        });
        for (int i : throughAggregate) {
            outcomes[i] = Outcome.of(commands.sendAndWait(chunk.get(i)));
        }
        return List.of(outcomes);
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
