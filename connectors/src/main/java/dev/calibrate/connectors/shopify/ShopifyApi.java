package dev.calibrate.connectors.shopify;

import dev.calibrate.connectors.shopify.ShopifyDeliveries.Row;
import dev.calibrate.connectors.shopify.ShopifySyncs.SyncStatus;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The bodies the Shopify connector takes and answers; requests are validated against their JSON Schemas
 * first. Timestamps a section has not seen yet are left out, never written as null.
 */
public final class ShopifyApi {

    private ShopifyApi() {
    }

    /** A custom app's credentials; both secrets are stored sealed and never answered. */
    @RequestSchema("ShopifyConnection")
    public record ShopifyConnection(String shop, String accessToken, String apiSecret) {
    }

    @RequestSchema("ShopifyClaim")
    public record ShopifyClaim(String claimCode) {
    }

    /** The connected shop as the tenant sees it, without its secrets. */
    public record ShopifyConnectionSummary(
            @Schema(example = "acme.myshopify.com") String shop,
            String shopName,
            @Schema(example = "USD") String currency,
            ShopConnection.Kind kind,
            ShopConnection.Status status,
            @Nullable String statusReason,
            @Schema(description = "the webhook topics Calibrate subscribed to; empty when it subscribed to none")
            List<String> webhooks,
            Instant connectedAt) {

        static ShopifyConnectionSummary of(ShopConnection connection) {
            return new ShopifyConnectionSummary(connection.shop(), connection.shopName(), connection.currency(),
                    connection.kind(), connection.status(), connection.statusReason(),
                    connection.webhookIds().isEmpty() ? List.of() : ShopifyConnector.WEBHOOK_TOPICS,
                    connection.connectedAt());
        }
    }

    /** Warnings name webhook subscriptions Shopify could not remove; the shop is disconnected regardless. */
    public record ShopifyDisconnection(boolean disconnected, List<String> warnings) {
    }

    /** A link that starts the public app's install for a shop, for the tenant that asked for it. */
    public record ShopifyInstallLink(String url, long expiresInSeconds) {
    }

    public record ShopifyClaimedShop(String shop, String shopName, String currency, ShopConnection.Kind kind,
                                     ShopConnection.Status status) {
    }

    /**
     * The last (or running) catalog sync; before the first one only {@code state} is there, as
     * {@code NEVER}. {@code statusUrl} is in the answer to a sync request only.
     */
    public record ShopifySyncReport(
            @Schema(allowableValues = {"NEVER", "QUEUED", "RUNNING", "COMPLETED", "FAILED"}) String state,
            @Nullable @Schema(description = "auto, paged or bulk; an auto sync shows the mode it chose once it runs")
            String mode,
            @Nullable Instant requestedAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Integer products,
            @Nullable Integer variants,
            @Nullable Integer created,
            @Nullable Integer updated,
            @Nullable Integer unchanged,
            @Nullable Integer deactivated,
            @Nullable List<String> warnings,
            @Nullable String error,
            @Nullable String statusUrl) {

        static final ShopifySyncReport NEVER = new ShopifySyncReport("NEVER", null, null, null, null, null, null,
                null, null, null, null, null, null, null);

        static ShopifySyncReport of(SyncStatus sync) {
            return new ShopifySyncReport(sync.state().name(), sync.mode(), sync.requestedAt(), sync.startedAt(),
                    sync.finishedAt(), sync.tally().products(), sync.tally().variants(), sync.tally().created(),
                    sync.tally().updated(), sync.tally().unchanged(), sync.tally().deactivated(), sync.warnings(),
                    sync.error(), null);
        }

        ShopifySyncReport withStatusUrl(String url) {
            return new ShopifySyncReport(state, mode, requestedAt, startedAt, finishedAt, products, variants, created,
                    updated, unchanged, deactivated, warnings, error, url);
        }
    }

    /**
     * What this server saw of its calls to the shop (each node keeps its own): is the token accepted,
     * when did a call last succeed or fail, the cost bucket, the circuit breaker.
     */
    public record ShopifyApiHealth(
            boolean tokenValid,
            @Nullable Instant lastSuccessAt,
            @Nullable Instant lastFailureAt,
            @Nullable String lastFailure,
            @Schema(allowableValues = {"CLOSED", "OPEN", "HALF_OPEN", "DISABLED", "FORCED_OPEN", "METRICS_ONLY"})
            String circuitBreaker,
            @Nullable @Schema(description = "absent until Shopify answered a call with its throttle status")
            ShopifyCostBucket costBucket) {
    }

    /** Shopify's query cost bucket, refilled at the restore rate since Shopify reported it. */
    public record ShopifyCostBucket(long available, long maximum, double restoreRatePerSecond,
                                    @Nullable Long headroomPercent, Instant reportedAt) {
    }

    /** Prices pending and failed at Shopify, and the last one Shopify confirmed. */
    public record ShopifyDeliverySummary(long pending, long failed, @Nullable Instant oldestPendingSince,
                                         long oldestPendingAgeSeconds, @Nullable Instant lastSyncedAt,
                                         long outcomesToRecord) {
    }

    /** {@code GET /api/v1/connectors/shopify/status}: the connection and how its sync, calls and writes are doing. */
    public record ShopifyStatusReport(ShopifyConnectionSummary connection, ShopifyApiHealth api,
                                      ShopifySyncReport sync, ShopifyDeliverySummary deliveries) {
    }

    /** An amount of money as a decimal string, e.g. {@code "19.99"}, never a JSON number. */
    public record ShopifyPrice(@Schema(example = "19.99") String amount, @Schema(example = "USD") String currency) {

        static ShopifyPrice of(Money money) {
            return new ShopifyPrice(money.amount().toPlainString(), money.currency());
        }
    }

    /** One reason Shopify gave for refusing a price. */
    public record ShopifyDeliveryError(@Nullable String code, @Nullable String field, String message) {

        static ShopifyDeliveryError of(ChannelError error) {
            return new ShopifyDeliveryError(error.code(), error.field(), error.message());
        }
    }

    /** One price on its way to (or refused by) Shopify. */
    public record ShopifyDelivery(
            String productId,
            @Schema(example = "gid://shopify/Product/8123456789") String shopifyProductId,
            @Schema(example = "gid://shopify/ProductVariant/44123456789") String shopifyVariantId,
            @Nullable String priceChangeId,
            RunKind action,
            ShopifyPrice price,
            @Nullable ShopifyPrice compareAt,
            ShopifyDeliveries.Status status,
            int attempts,
            @Nullable @Schema(description = "why the last attempt failed") String reason,
            @Nullable List<ShopifyDeliveryError> errors,
            Instant intendedAt,
            @Nullable @Schema(description = "when a pending price is tried next") Instant nextAttemptAt,
            @Nullable Instant sentAt,
            @Nullable Instant syncedAt,
            @Nullable @Schema(description = "the bulk operation that carries the price, when it went in bulk")
            String bulkOperation) {

        static ShopifyDelivery of(Row row) {
            DeliveryIntent intent = row.delivery().intent();
            return new ShopifyDelivery(intent.productId().toString(), intent.productGid(), intent.variantGid(),
                    intent.priceChangeId() == null ? null : intent.priceChangeId().toString(), intent.action(),
                    ShopifyPrice.of(intent.price()),
                    intent.compareAt() == null ? null : ShopifyPrice.of(intent.compareAt()),
                    row.status(), row.delivery().attempts(), row.lastError(),
                    row.errors().isEmpty() ? null : row.errors().stream().map(ShopifyDeliveryError::of).toList(),
                    intent.intendedAt(),
                    row.status() == ShopifyDeliveries.Status.PENDING ? row.nextAttemptAt() : null,
                    row.sentAt(), row.syncedAt(),
                    row.bulkOperation() != null && !ShopifyDeliveries.startingMarker(row.bulkOperation())
                            ? row.bulkOperation() : null);
        }
    }

    public record ShopifyDeliveryPage(List<ShopifyDelivery> items, int page, int size, long total) {
    }

    public record ShopifyDeliveryRetry(@Schema(description = "failed prices put back to pending") int requeued) {
    }

    /** Shopify reads only the status; the outcome says what became of the delivery, for people. */
    public record ShopifyWebhookReceipt(
            @Schema(allowableValues = {"processed", "queued", "duplicate", "stale", "ignored"}) String outcome) {
    }
}
