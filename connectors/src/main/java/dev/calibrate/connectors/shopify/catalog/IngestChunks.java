package dev.calibrate.connectors.shopify.catalog;

import dev.calibrate.connectors.shopify.catalog.ShopifyIngest.IngestInterrupted;
import dev.calibrate.connectors.shopify.catalog.ShopifyIngests.Tally;
import dev.calibrate.connectors.shopify.catalog.VariantUpserts.Planned;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.work.WorkerLanes.OnClose;
import dev.calibrate.kernel.work.WorkerLanes;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Writes an ingest's planned upserts: in chunks of whole Shopify products, each chunk in one
 * transaction (a commit per chunk, not per variant), {@code LANES} chunks at once across all running
 * ingests. Each lane holds a database connection, and the pool serves the API and the event processors
 * too. A chunk that fails together is written again product by product, so only what is wrong stays out.
 */
final class IngestChunks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestChunks.class);

    static final int LANES = 4;
    static final int CHUNK_VARIANTS = 100;

    private final ShopifyIngests ingests;
    private final ShopifyProductsSeen seen;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;
    private final WorkerLanes lanes = WorkerLanes.of("shopify-ingest", LANES, OnClose.FINISH_SUBMITTED);

    IngestChunks(ShopifyIngests ingests, ShopifyProductsSeen seen, CommandGateway commands,
                 TransactionTemplate transaction) {
        this.ingests = ingests;
        this.seen = seen;
        this.commands = commands;
        this.transaction = transaction;
    }

    @Override
    public void close() {
        lanes.close();
    }

    /** What one chunk did. */
    private record Written(int created, int updated, int unchanged, List<String> warnings) {
    }

    Tally write(TenantId tenantId, List<Planned> items, MetaData metadata, Tally tally, List<String> warnings,
                        BooleanSupplier stopping) {
        List<List<Planned>> chunks = chunksOfWholeProducts(items);
        for (int from = 0; from < chunks.size(); from += LANES) {
            if (stopping.getAsBoolean()) {
                throw new IngestInterrupted();
            }
            List<Future<Written>> running = new ArrayList<>();
            for (List<Planned> chunk : chunks.subList(from, Math.min(chunks.size(), from + LANES))) {
                running.add(lanes.submit(() -> writeChunk(tenantId, chunk, metadata)));
            }
            for (Written written : awaitAll(running)) {
                tally = new Tally(tally.products(), tally.variants(), tally.created() + written.created(),
                        tally.updated() + written.updated(), tally.unchanged() + written.unchanged(), tally.deactivated());
                warnings.addAll(written.warnings());
            }
            ingests.progress(tenantId, tally);
        }
        return tally;
    }

    /** Chunks never split a Shopify product, so two lanes never record the same product as seen. */
    private static List<List<Planned>> chunksOfWholeProducts(List<Planned> items) {
        Map<String, List<Planned>> byProduct = items.stream().collect(Collectors.groupingBy(
                item -> item.variant().product().gid(), LinkedHashMap::new, Collectors.toList()));
        List<List<Planned>> chunks = new ArrayList<>();
        List<Planned> chunk = new ArrayList<>();
        for (List<Planned> product : byProduct.values()) {
            chunk.addAll(product);
            if (chunk.size() >= CHUNK_VARIANTS) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private Written writeChunk(TenantId tenantId, List<Planned> chunk, MetaData metadata) {
        try {
            return transaction.execute(tx -> upsert(tenantId, chunk, metadata));
        } catch (RuntimeException chunkFailed) {
            // a rejected upsert (or a concurrent write to one of the products) fails the whole transaction:
            // write the chunk again product by product, so only what is wrong stays out
            log.info("A chunk of {} Shopify upserts failed together ({}); writing it product by product",
                    chunk.size(), chunkFailed.toString());
            int created = 0;
            int updated = 0;
            int unchanged = 0;
            List<String> warnings = new ArrayList<>();
            for (Planned item : chunk) {
                try {
                    Written one = transaction.execute(tx -> upsert(tenantId, List.of(item), metadata));
                    created += one.created();
                    updated += one.updated();
                    unchanged += one.unchanged();
                } catch (Rejection refused) {
                    warnings.add("variant " + item.variant().gid() + " (SKU \"" + item.upsert().sku()
                            + "\") was not imported: " + refused.getMessage());
                }
            }
            return new Written(created, updated, unchanged, warnings);
        }
    }

    /** In the caller's transaction: records the products as seen, then upserts those no webhook overtook. */
    private Written upsert(TenantId tenantId, List<Planned> items, MetaData metadata) {
        Map<String, Instant> updatedAt = new LinkedHashMap<>();
        items.forEach(item -> updatedAt.putIfAbsent(item.variant().product().gid(), item.variant().product().updatedAt()));
        Set<String> overtaken = seen.recordIngested(tenantId, updatedAt);
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        for (Planned item : items) {
            if (overtaken.contains(item.variant().product().gid())) {
                unchanged++;
                continue;
            }
            UpsertResult result = send(item.upsert(), metadata);
            switch (result.outcome()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
        }
        if (!overtaken.isEmpty()) {
            log.info("{} Shopify product(s) of tenant {} changed while the ingest read them; kept the newer version"
                    + " their webhooks brought", overtaken.size(), tenantId);
        }
        return new Written(created, updated, unchanged, List.of());
    }

    private <R> R send(Object command, MetaData metadata) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }

    /** Waits for every lane, then fails with the first failure: no lane is left running unobserved. */
    private static <T> List<T> awaitAll(List<Future<T>> running) {
        List<T> results = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<T> lane : running) {
            try {
                results.add(lane.get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IngestInterrupted();
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
