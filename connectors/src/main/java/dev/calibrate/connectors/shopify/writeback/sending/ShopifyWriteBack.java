package dev.calibrate.connectors.shopify.writeback.sending;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.ShopifyMetrics;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyAccessTokens;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.writeback.DeliveryOutcomes;
import dev.calibrate.connectors.shopify.writeback.DueDeliveries.Due;
import dev.calibrate.connectors.shopify.writeback.DueDeliveries;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries;
import dev.calibrate.connectors.shopify.writeback.sending.WriteBackShop.StopShop;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.work.WorkerLanes.OnClose;
import dev.calibrate.kernel.work.WorkerLanes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Sends the prices the delivery record holds as pending. A round serves every tenant with due prices
 * and an active connection, shops in parallel, one shop's calls one at a time (its cost bucket paces
 * them). A shop whose due prices span more Shopify products than the bulk mutation threshold gets one
 * bulk mutation ({@link BulkPriceWrites}) instead of a call per product ({@link DirectPriceWrites});
 * what a failure means for the prices is the same for both ({@link DeliveryFailurePolicy}).
 * <p>
 * A Shopify product's variants are separate Calibrate products, and a price change run sets them in
 * chunks: a due price is held for a short window (the tuning's sibling window) while a sibling's
 * price of the same run may still come, so that the product's variants go in one call
 * ({@link DueDeliveries#due}); a call takes every variant of its product due when it goes.
 * <p>
 * Every outcome is written against the intent that was sent: a newer intent that arrived meanwhile
 * stays pending and goes next. A crash after Shopify accepted a price but before the record says so
 * only sends that price (or a newer one) again.
 */
@Component
public class ShopifyWriteBack implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWriteBack.class);

    private final ShopifyDeliveries deliveries;
    private final DueDeliveries dueDeliveries;
    private final ShopifyConnections connections;
    private final ShopifyAccessTokens tokens;
    private final ShopifyWriteBackSettings writeBack;
    private final ShopifyWriteBackTuning tuning;
    private final Clock clock;
    private final DirectPriceWrites direct;
    private final BulkPriceWrites bulk;
    private final WorkerLanes shops;

    public ShopifyWriteBack(ShopifyDeliveries deliveries, DueDeliveries dueDeliveries, DeliveryOutcomes outcomes,
                            ShopifyConnections connections, ShopifyAccessTokens tokens, ShopifyGraphQl shopify,
                            ShopifyBulkFiles files, ShopifySettings settings, ShopifyWriteBackSettings writeBack,
                            ShopifyWriteBackTuning tuning, ShopifyMetrics metrics,
                            PlatformTransactionManager transactionManager, ObjectMapper json, Optional<Clock> clock) {
        this.deliveries = deliveries;
        this.dueDeliveries = dueDeliveries;
        this.connections = connections;
        this.tokens = tokens;
        this.writeBack = writeBack;
        this.tuning = tuning;
        this.clock = clock.orElse(Clock.systemUTC());
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        DeliveryBackoff backoff = new DeliveryBackoff(writeBack.retryBackoff(), Duration.ofMinutes(10),
                settings.deliveryAttempts());
        DeliveryFailurePolicy failures = new DeliveryFailurePolicy(deliveries, outcomes, connections, tokens, backoff,
                metrics, transaction, this.clock);
        DeliveryResults results = new DeliveryResults(deliveries, outcomes, failures, metrics, this.clock);
        this.direct = new DirectPriceWrites(deliveries, shopify, results, failures, transaction, this.clock);
        this.bulk = new BulkPriceWrites(deliveries, shopify, files, results, failures, settings, metrics, transaction,
                json, this.clock);
        this.shops = WorkerLanes.of("shopify-write-back", writeBack.shopsInParallel(), OnClose.INTERRUPT);
    }

    @Override
    public void destroy() {
        shops.close();
    }

    /** One round: every tenant with work, until each is done or {@code stopping} says the node shuts down. */
    public void sendDue(BooleanSupplier stopping) {
        List<TenantId> tenants = deliveries.tenantsWithWork(clock.instant());
        Map<TenantId, Future<?>> running = new LinkedHashMap<>();
        for (TenantId tenantId : tenants) {
            running.put(tenantId, shops.submit(() -> sendFor(tenantId, stopping)));
        }
        running.forEach((tenantId, shop) -> {
            try {
                shop.get();
            } catch (ExecutionException e) {
                log.warn("Shopify write-back for tenant {} stopped: {}", tenantId, e.getCause().toString(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void sendFor(TenantId tenantId, BooleanSupplier stopping) {
        Optional<ShopConnection> connection = connections.find(tenantId).filter(ShopConnection::active);
        if (connection.isEmpty()) {
            return;
        }
        try {
            WriteBackShop shop = new WriteBackShop(connection.get(), tokens.access(connection.get()));
            try {
                boolean bulkRunning = bulk.follow(shop);
                Due due = dueDeliveries.due(tenantId, clock.instant(), tuning.siblingWindow(), writeBack.maxPerRound());
                if (due.isEmpty()) {
                    return;
                }
                // products, not variants: a bulk mutation costs the same whatever it carries, held prices too
                if (due.products() > tuning.bulkMutationThreshold()) {
                    if (!bulkRunning) {
                        bulk.start(shop, due.all());
                    }
                    return;
                }
                if (!due.ready().isEmpty()) {
                    direct.send(shop, due.ready(), stopping);
                }
            } catch (StopShop stop) {
                log.info("Shopify write-back for {} paused: {}", shop.domain(), stop.getMessage());
            }
        } catch (ShopifyException e) {
            log.warn("No access to {} for the write-back: {}", connection.get().shop(), e.getMessage());
        }
    }
}
