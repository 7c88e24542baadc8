package dev.calibrate.connectors.amazon.catalog;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.calibrate.connectors.amazon.AmazonMetrics;
import dev.calibrate.connectors.amazon.AmazonSettings;
import dev.calibrate.connectors.amazon.api.LwaException;
import dev.calibrate.connectors.amazon.api.SpApi;
import dev.calibrate.connectors.amazon.api.SpApiException;
import dev.calibrate.connectors.amazon.catalog.AmazonIngests.IngestStatus;
import dev.calibrate.connectors.amazon.catalog.AmazonIngests.State;
import dev.calibrate.connectors.amazon.catalog.AmazonIngests.Tally;
import dev.calibrate.connectors.amazon.catalog.ListingUpserts.Planned;
import dev.calibrate.connectors.amazon.connection.AmazonConnections;
import dev.calibrate.connectors.amazon.connection.AmazonConnector;
import dev.calibrate.connectors.amazon.connection.SellerConnection;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A listings ingest of the tenant's seller account: reads every listing of each marketplace with its
 * title and brand ({@link SellerListingReader}), upserts one Product per SKU, and takes the amazon ref
 * off the products whose listing vanished since the last ingest (a product only Amazon knew becomes
 * inactive). Reading and writing overlap ({@link ReadAhead}): the reader runs on a thread of its own
 * and hands on each group of listings as its catalog lookup returns, at most
 * {@code calibrate.amazon.ingest-read-ahead} groups ahead, while this thread upserts them; a writing
 * failure stops the reading, and the vanished listings are looked for only after a complete read. It
 * runs as the {@code amazon-sync} db-scheduler execution. Idempotent: a second ingest of an unchanged
 * seller emits no events. Read only: it sends nothing but GETs to Amazon.
 */
@Component
public class AmazonIngest {

    private static final Logger log = LoggerFactory.getLogger(AmazonIngest.class);

    /** Upserts per transaction. */
    static final int CHUNK = 100;

    /** The sync cannot go on; the message is what the status shows. */
    static final class IngestFailed extends RuntimeException {
        IngestFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** The node is shutting down: the sync stops and the scheduler runs it again. */
    static final class IngestInterrupted extends RuntimeException {
        IngestInterrupted() {
            super("the Amazon sync stopped for a shutdown; it runs again", null, false, false);
        }
    }

    private final AmazonConnections connections;
    private final AmazonListings listings;
    private final AmazonIngests ingests;
    private final SellerListingReader reader;
    private final AmazonMetrics metrics;
    private final AmazonSettings settings;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;
    private final SchedulerClient scheduler;
    private final Clock clock;

    AmazonIngest(AmazonConnections connections, AmazonListings listings, AmazonIngests ingests, SpApi spApi,
                 AmazonMetrics metrics, AmazonSettings settings, CommandGateway commands, PlatformTransactionManager transactionManager,
                 @Lazy SchedulerClient scheduler, Optional<Clock> clock) {
        this.connections = connections;
        this.listings = listings;
        this.ingests = ingests;
        this.reader = new SellerListingReader(spApi);
        this.metrics = metrics;
        this.settings = settings;
        this.commands = commands;
        this.transaction = new TransactionTemplate(transactionManager);
        this.scheduler = scheduler;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * Queues a sync and answers its status; while one is queued or running, that one is answered. Public
     * for the console, which starts a sync through this very method, as {@code POST .../amazon/sync} does.
     */
    public IngestStatus request(TenantId tenantId, Actor actor) {
        SellerConnection connection = connections.find(tenantId)
                .orElseThrow(() -> new AmazonConnector.NotConnected(tenantId));
        if (!connection.active()) {
            throw new ConnectionBroken(connection);
        }
        TaskInstanceId instance = TaskInstanceId.of(AmazonIngestTask.TASK.getTaskName(), tenantId.toString());
        Instant now = clock.instant();
        return transaction.execute(tx -> {
            if (scheduler.getScheduledExecution(instance).isEmpty()) {
                ingests.queued(tenantId, now);
                scheduler.scheduleIfNotExists(AmazonIngestTask.TASK.instance(tenantId.toString())
                        .data(new AmazonIngestTask.IngestOrder(actor.id())).scheduledTo(now));
            }
            return ingests.find(tenantId).orElseGet(() -> new IngestStatus(State.QUEUED, now, null, null, Tally.NONE,
                    List.of(), null, null, null));
        });
    }

    /** Runs the sync to its end, recording how it went; throws only {@link IngestInterrupted}. */
    void run(TenantId tenantId, Actor actor, BooleanSupplier stopping) {
        Instant started = clock.instant();
        ingests.started(tenantId, started);
        IngestProgress progress = new IngestProgress(ingests, tenantId);
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        MetaData metadata = MetaData.with(MetadataKeys.ACTOR, actor.id())
                .and(MetadataKeys.CORRELATION_ID, UUID.randomUUID().toString());
        try {
            SellerConnection connection = connections.find(tenantId)
                    .orElseThrow(() -> new IngestFailed("no Amazon seller account is connected any more"));
            if (!connection.active()) {
                throw new IngestFailed(new ConnectionBroken(connection).getMessage());
            }
            SpApi.Access access = new SpApi.Access(tenantId, connection.sellerId(), connection.region(),
                    connections.credentials(tenantId));
            // reading on its own thread, writing here, each group of listings as its catalog lookup returns
            SellerListingReader.Read read = ReadAhead.<List<Planned>, SellerListingReader.Read>run(
                    "amazon-ingest-read-" + tenantId, settings.ingestReadAhead(),
                    sink -> reader.read(tenantId, access, connection.marketplaceIds(), warnings, progress::page,
                            sink::emit, () -> stopping.getAsBoolean() || sink.stopped()),
                    batches -> write(tenantId, batches.stream().flatMap(List::stream).toList(), metadata, progress,
                            warnings, stopping));
            removeVanished(tenantId, read.skus(), metadata, progress);
            Tally tally = progress.tally();
            ingests.finished(tenantId, State.COMPLETED, tally, copy(warnings), null, clock.instant());
            metrics.ingest("completed", Duration.between(started, clock.instant()));
            log.info("Amazon listings ingest of seller {}: {} pages, {} listings, {} created, {} updated, {} unchanged,"
                            + " {} removed, {} warnings", connection.sellerId(), tally.pages(), tally.listings(),
                    tally.created(), tally.updated(), tally.unchanged(), tally.removed(), warnings.size());
        } catch (IngestInterrupted e) {
            ingests.requeued(tenantId);
            throw e;
        } catch (ReadAhead.Interrupted e) {
            ingests.requeued(tenantId);
            throw new IngestInterrupted();
        } catch (IngestFailed e) {
            failed(tenantId, started, progress.tally(), copy(warnings), e.getMessage());
        } catch (LwaException e) {
            if (e.refused()) {
                connections.broken(tenantId, e.getMessage());
            }
            failed(tenantId, started, progress.tally(), copy(warnings), e.getMessage());
        } catch (SpApiException e) {
            failed(tenantId, started, progress.tally(), copy(warnings), "Amazon: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("Amazon listings ingest of tenant {} failed", tenantId, e);
            failed(tenantId, started, progress.tally(), copy(warnings), "the sync failed unexpectedly ("
                    + e.getClass().getSimpleName() + "); see the server log");
        }
    }

    private static List<String> copy(List<String> warnings) {
        synchronized (warnings) {
            return new ArrayList<>(warnings);
        }
    }

    private void failed(TenantId tenantId, Instant started, Tally tally, List<String> warnings, String error) {
        log.warn("Amazon listings ingest of tenant {} failed: {}", tenantId, error);
        ingests.finished(tenantId, State.FAILED, tally, warnings, error, clock.instant());
        metrics.ingest("failed", Duration.between(started, clock.instant()));
    }

    /**
     * Upserts the planned listings in transactions of {@link #CHUNK}; a chunk that fails as a whole is
     * written product by product, a refused product becoming a warning. Any other failure of a product
     * ends the sync (and so its reading): what was written before it stays, counted in the status.
     */
    private void write(TenantId tenantId, List<Planned> items, MetaData metadata, IngestProgress progress,
                       List<String> warnings, BooleanSupplier stopping) {
        for (int from = 0; from < items.size(); from += CHUNK) {
            stopIf(stopping);
            List<Planned> chunk = items.subList(from, Math.min(items.size(), from + CHUNK));
            List<UpsertOutcome> outcomes;
            try {
                outcomes = transaction.execute(tx -> chunk.stream().map(item -> upsert(tenantId, item, metadata)).toList());
            } catch (RuntimeException chunkFailed) {
                log.info("A chunk of {} Amazon upserts failed together ({}); writing it product by product",
                        chunk.size(), chunkFailed.toString());
                for (Planned item : chunk) {
                    try {
                        UpsertOutcome outcome = transaction.execute(tx -> upsert(tenantId, item, metadata));
                        progress.wrote(List.of(outcome));
                    } catch (Rejection refused) {
                        warnings.add("listing SKU \"" + item.sku() + "\" was not imported: " + refused.getMessage());
                    } catch (RuntimeException failed) {
                        log.error("Writing the Amazon listing SKU {} of tenant {} failed; the ingest stops", item.sku(),
                                tenantId, failed);
                        throw new IngestFailed("writing listing SKU \"" + item.sku() + "\" failed ("
                                + failed.getClass().getSimpleName() + "; see the server log), so the sync stopped"
                                + " reading Amazon; the products counted here were written before it, nothing after it");
                    }
                }
                continue;
            }
            progress.wrote(outcomes);
        }
    }

    private UpsertOutcome upsert(TenantId tenantId, Planned item, MetaData metadata) {
        UpsertResult result = send(item.upsert(), metadata);
        listings.save(tenantId, new AmazonListings.Listing(item.sku(), item.upsert().productId(), item.asin(),
                item.marketplaceId(), item.upsert().details().title(), item.upsert().details().vendor(), item.offers(),
                clock.instant()));
        return result.outcome();
    }

    /**
     * Listings linked by an earlier sync that no marketplace lists any more: their products lose the
     * amazon ref (and, when no other channel knows them, become inactive). Listings still on Amazon that
     * could not be imported keep their link.
     */
    private void removeVanished(TenantId tenantId, Set<String> stillListed, MetaData metadata, IngestProgress progress) {
        for (AmazonListings.Listing listing : listings.all(tenantId)) {
            if (!stillListed.contains(listing.sku())) {
                transaction.executeWithoutResult(tx -> {
                    send(ListingUpserts.vanished(tenantId, listing), metadata);
                    listings.delete(tenantId, listing.sku());
                });
                progress.removed();
            }
        }
    }

    private <R> R send(Object command, MetaData metadata) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }

    private static void stopIf(BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            throw new IngestInterrupted();
        }
    }

    /** Login with Amazon refused the stored credentials: only a reconnect helps. */
    static final class ConnectionBroken extends Rejection {
        ConnectionBroken(SellerConnection connection) {
            super("the Amazon connection of seller " + connection.sellerId() + " is BROKEN"
                    + (connection.statusReason() == null ? "" : " (" + connection.statusReason() + ")")
                    + "; connect the seller account again with POST /api/v1/connectors/amazon");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }
    }
}
