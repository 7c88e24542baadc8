package dev.calibrate.connectors.shopify.status;

import dev.calibrate.connectors.shopify.catalog.ShopifyIngestApi.ShopifySyncReport;
import dev.calibrate.connectors.shopify.connection.ShopifyConnectionApi.ShopifyConnectionSummary;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveryApi.ShopifyDeliverySummary;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;

/**
 * The status endpoint's answer: the connection and how its ingest, calls and write-back are doing.
 * Timestamps a section has not seen yet are left out, never written as null.
 */
public final class ShopifyStatusApi {

    private ShopifyStatusApi() {
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

    /** {@code GET /api/v1/connectors/shopify/status}: the connection and how its sync, calls and writes are doing. */
    public record ShopifyStatusReport(ShopifyConnectionSummary connection, ShopifyApiHealth api,
                                      ShopifySyncReport sync, ShopifyDeliverySummary deliveries) {
    }
}
