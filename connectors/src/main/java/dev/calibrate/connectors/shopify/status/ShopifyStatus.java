package dev.calibrate.connectors.shopify.status;

import dev.calibrate.connectors.shopify.api.ShopHealth;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import dev.calibrate.connectors.shopify.api.ThrottleStatus;
import dev.calibrate.connectors.shopify.catalog.ShopifyIngestApi.ShopifySyncReport;
import dev.calibrate.connectors.shopify.catalog.ShopifyIngests;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnectionApi.ShopifyConnectionSummary;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.connection.ShopifyConnector;
import dev.calibrate.connectors.shopify.status.ShopifyStatusApi.ShopifyApiHealth;
import dev.calibrate.connectors.shopify.status.ShopifyStatusApi.ShopifyCostBucket;
import dev.calibrate.connectors.shopify.status.ShopifyStatusApi.ShopifyStatusReport;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryApi.ShopifyDeliverySummary;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryViews;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The body of {@code GET /api/v1/connectors/shopify/status}: the connection, what this node saw of its
 * calls to the shop, the last (or running) catalog sync, and the prices on their way to Shopify.
 */
@Component
public class ShopifyStatus {

    private final ShopifyConnections connections;
    private final ShopifyGraphQl shopify;
    private final ShopifyIngests ingests;
    private final ShopifyDeliveryViews deliveries;
    private final TenantScope tenantScope;
    private final Clock clock;

    ShopifyStatus(ShopifyConnections connections, ShopifyGraphQl shopify, ShopifyIngests ingests,
                  ShopifyDeliveryViews deliveries, TenantScope tenantScope, Optional<Clock> clock) {
        this.connections = connections;
        this.shopify = shopify;
        this.ingests = ingests;
        this.deliveries = deliveries;
        this.tenantScope = tenantScope;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * The status of the tenant's connection; a 404 when no shop is connected. Read under the tenant's
     * row-level security, so no part of it can show another tenant's rows.
     */
    public ShopifyStatusReport describe(TenantId tenantId) {
        return tenantScope.read(tenantId, () -> describeUnderTenant(tenantId));
    }

    private ShopifyStatusReport describeUnderTenant(TenantId tenantId) {
        ShopConnection connection = connections.find(tenantId)
                .orElseThrow(() -> new ShopifyConnector.NotConnected(tenantId));
        Instant now = clock.instant();
        return new ShopifyStatusReport(ShopifyConnectionSummary.of(connection),
                api(connection, shopify.health(connection.shop()), now),
                ingests.find(tenantId).map(ShopifySyncReport::of).orElse(ShopifySyncReport.NEVER),
                deliveries(deliveries.summary(tenantId), now));
    }

    /** These are what this server saw (each node keeps its own); a shop it has not called yet shows no calls. */
    static ShopifyApiHealth api(ShopConnection connection, ShopHealth health, Instant now) {
        ThrottleStatus throttle = health.throttleStatus();
        ShopifyCostBucket bucket = throttle == null ? null : new ShopifyCostBucket(
                Math.round(throttle.availableAt(now)), Math.round(throttle.maximumAvailable()), throttle.restoreRate(),
                throttle.maximumAvailable() <= 0 ? null
                        : Math.round(100 * throttle.availableAt(now) / throttle.maximumAvailable()),
                throttle.at());
        return new ShopifyApiHealth(
                connection.status() != ShopConnection.Status.TOKEN_INVALID && !health.tokenRejected(),
                health.lastSuccessAt(), health.lastFailureAt(), health.lastFailure(), health.circuitState(), bucket);
    }

    static ShopifyDeliverySummary deliveries(ShopifyDeliveryViews.Summary summary, Instant now) {
        return new ShopifyDeliverySummary(summary.pending(), summary.failed(), summary.oldestPendingSince(),
                summary.oldestPendingAge(now).toSeconds(), summary.lastSyncedAt(), summary.outcomesToRecord());
    }
}
