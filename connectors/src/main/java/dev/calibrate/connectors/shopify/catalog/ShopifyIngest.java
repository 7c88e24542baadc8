package dev.calibrate.connectors.shopify.catalog;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl.ShopAccess;
import dev.calibrate.connectors.shopify.catalog.ShopifyCatalogReader.Reading;
import dev.calibrate.connectors.shopify.catalog.ShopifyIngests.IngestStatus;
import dev.calibrate.connectors.shopify.catalog.ShopifyIngests.State;
import dev.calibrate.connectors.shopify.catalog.ShopifyIngests.Tally;
import dev.calibrate.connectors.shopify.catalog.ShopifyVariantLinks.VariantLink;
import dev.calibrate.connectors.shopify.catalog.VariantUpserts.Plan;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyAccessTokens;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.connection.ShopifyConnector;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.DeactivateProduct;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A catalog ingest: reads every variant of the tenant's shop, upserts one Product per variant, and
 * deactivates the products whose variant is gone from Shopify. It runs as a db-scheduler execution
 * ({@code shopify-sync}, a name kept for the executions already stored; instance = the tenant), so one
 * tenant never has two at once and an ingest that a crash or restart interrupted runs again. Everything
 * it does is idempotent: a second ingest of an unchanged shop sends upserts that change nothing, and so
 * emits no events.
 */
@Component
public class ShopifyIngest implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ShopifyIngest.class);

    /** How to read the shop: {@code auto} counts its products and pages through small shops, bulk-reads large ones. */
    public enum Mode {
        AUTO, PAGED, BULK;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Mode fromWireName(String name) {
            return Arrays.stream(values()).filter(m -> m.wireName().equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new InvalidInput("mode", "must be auto, paged or bulk"));
        }
    }

    /** The sync cannot go on; the message is what the status shows. */
    static final class IngestFailed extends RuntimeException {
        IngestFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** The node is shutting down: the sync stops and the scheduler runs it again. */
    static final class IngestInterrupted extends RuntimeException {
        IngestInterrupted() {
            super("the catalog sync stopped for a shutdown; it runs again", null, false, false);
        }
    }

    private final ShopifyConnections connections;
    private final ShopifyAccessTokens tokens;
    private final ShopifyCatalogReader reader;
    private final ShopifyIngests ingests;
    private final ShopifyVariantLinks links;
    private final ShopifySettings settings;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;
    private final SchedulerClient scheduler;
    private final Clock clock;
    private final IngestChunks chunks;

    ShopifyIngest(ShopifyConnections connections, ShopifyAccessTokens tokens, ShopifyCatalogReader reader,
                  ShopifyIngests ingests, ShopifyVariantLinks links, ShopifyProductsSeen seen, ShopifySettings settings,
                  CommandGateway commands, PlatformTransactionManager transactionManager,
                  @Lazy SchedulerClient scheduler, Optional<Clock> clock) {
        this.connections = connections;
        this.tokens = tokens;
        this.reader = reader;
        this.ingests = ingests;
        this.links = links;
        this.settings = settings;
        this.commands = commands;
        this.transaction = new TransactionTemplate(transactionManager);
        this.scheduler = scheduler;
        this.clock = clock.orElse(Clock.systemUTC());
        this.chunks = new IngestChunks(ingests, seen, commands, transaction);
    }

    @Override
    public void destroy() {
        chunks.close();
    }

    /**
     * Queues a sync of the tenant's shop and answers its status. While one is queued or running, that
     * one is answered instead (a second request does not start a second sync).
     */
    public IngestStatus request(TenantId tenantId, Mode mode, Actor actor) {
        ShopConnection connection = connections.find(tenantId)
                .orElseThrow(() -> new ShopifyConnector.NotConnected(tenantId));
        if (!connection.active()) {
            throw new ConnectionNotActive(connection);
        }
        TaskInstanceId instance = TaskInstanceId.of(ShopifyIngestTask.TASK.getTaskName(), tenantId.toString());
        Instant now = clock.instant();
        return transaction.execute(tx -> {
            if (scheduler.getScheduledExecution(instance).isEmpty()) {
                ingests.queued(tenantId, mode.wireName(), now);
                scheduler.scheduleIfNotExists(ShopifyIngestTask.TASK.instance(tenantId.toString())
                        .data(new ShopifyIngestTask.IngestOrder(mode.name(), actor.id())).scheduledTo(now));
            }
            // an execution whose row is gone (deleted by hand) is still queued
            return ingests.find(tenantId).orElseGet(() -> new IngestStatus(State.QUEUED, mode.wireName(), now, null, null,
                    Tally.NONE, List.of(), null));
        });
    }

    /** Runs the sync to its end, recording how it went; throws only {@link IngestInterrupted}. */
    void run(TenantId tenantId, Mode mode, Actor actor, BooleanSupplier stopping) {
        ingests.started(tenantId, mode.wireName(), clock.instant());
        List<String> warnings = new ArrayList<>();
        Tally tally = Tally.NONE;
        MetaData metadata = MetaData.with(MetadataKeys.ACTOR, actor.id())
                .and(MetadataKeys.CORRELATION_ID, UUID.randomUUID().toString());
        try {
            ShopConnection connection = connections.find(tenantId)
                    .orElseThrow(() -> new IngestFailed("no Shopify shop is connected any more"));
            if (!connection.active()) {
                throw new IngestFailed(new ConnectionNotActive(connection).getMessage());
            }
            Supplier<ShopAccess> access = () -> tokens.access(connections.find(tenantId)
                    .orElseThrow(() -> new IngestFailed("the shop was disconnected while the sync ran")));
            Mode chosen = mode != Mode.AUTO ? mode
                    : reader.productsCount(access) > settings.bulkQueryThreshold() ? Mode.BULK : Mode.PAGED;
            ingests.mode(tenantId, chosen.wireName());
            Reading reading = chosen == Mode.BULK ? reader.bulk(access, stopping) : reader.paged(access, stopping);
            warnings.addAll(reading.warnings());
            Plan plan = VariantUpserts.plan(tenantId, connection.currency(), reading.variants(), productId -> null);
            warnings.addAll(plan.warnings());
            tally = new Tally(reading.products(), reading.variants().size(), 0, 0, 0, 0);
            ingests.progress(tenantId, tally);
            tally = chunks.write(tenantId, plan.items(), metadata, tally, warnings, stopping);
            tally = deactivateGone(tenantId, plan, metadata, tally);
            ingests.finished(tenantId, State.COMPLETED, tally, warnings, null, clock.instant());
            log.info("Shopify catalog ingest of {} ({}): {} variants of {} products, {} created, {} updated, {} unchanged,"
                            + " {} deactivated, {} warnings", connection.shop(), chosen.wireName(), tally.variants(),
                    tally.products(), tally.created(), tally.updated(), tally.unchanged(), tally.deactivated(),
                    warnings.size());
        } catch (IngestInterrupted e) {
            ingests.requeued(tenantId);
            throw e;
        } catch (IngestFailed e) {
            failed(tenantId, tally, warnings, e.getMessage());
        } catch (ShopifyException e) {
            failed(tenantId, tally, warnings, "Shopify: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("Shopify catalog ingest of tenant {} failed", tenantId, e);
            failed(tenantId, tally, warnings, "the sync failed unexpectedly (" + e.getClass().getSimpleName()
                    + "); see the server log");
        }
    }

    private void failed(TenantId tenantId, Tally tally, List<String> warnings, String error) {
        log.warn("Shopify catalog ingest of tenant {} failed: {}", tenantId, error);
        ingests.finished(tenantId, State.FAILED, tally, warnings, error, clock.instant());
    }

    /**
     * Products linked to a variant that this sync did not import are gone from Shopify (the variant was
     * deleted, or its SKU changed so it is another product now) and are deactivated. Variants still in
     * Shopify that could not be imported keep their product as it is.
     */
    private Tally deactivateGone(TenantId tenantId, Plan plan, MetaData metadata, Tally tally) {
        Set<ProductId> imported = new HashSet<>();
        plan.items().forEach(item -> imported.add(item.productId()));
        int deactivated = 0;
        for (VariantLink link : links.linked(tenantId)) {
            if (link.active() && !imported.contains(link.productId()) && !plan.unusable().contains(link.variantGid())) {
                send(new DeactivateProduct(link.productId(), tenantId), metadata);
                deactivated++;
            }
        }
        Tally after = new Tally(tally.products(), tally.variants(), tally.created(), tally.updated(), tally.unchanged(),
                deactivated);
        ingests.progress(tenantId, after);
        return after;
    }

    private <R> R send(Object command, MetaData metadata) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }

    /** The connection exists but cannot be used (its token was refused, or the app was uninstalled). */
    static final class ConnectionNotActive extends Rejection {
        ConnectionNotActive(ShopConnection connection) {
            super("the Shopify connection of " + connection.shop() + " is " + connection.status()
                    + (connection.statusReason() == null ? "" : " (" + connection.statusReason() + ")")
                    + "; connect the shop again");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }
    }
}
