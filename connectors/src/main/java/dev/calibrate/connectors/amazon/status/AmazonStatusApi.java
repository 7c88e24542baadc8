package dev.calibrate.connectors.amazon.status;

import dev.calibrate.connectors.amazon.api.SpApi;
import dev.calibrate.connectors.amazon.catalog.AmazonIngestApi.AmazonSyncReport;
import dev.calibrate.connectors.amazon.connection.AmazonConnectionApi.AmazonConnectionSummary;
import dev.calibrate.connectors.amazon.connection.SellerConnection;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;

/**
 * The status endpoint's answer: the connection, its API health and the last ingest.
 */
public final class AmazonStatusApi {

    private AmazonStatusApi() {
    }

    /** Is the connection usable, and when did calls to the Selling Partner API last work (as this node saw them). */
    public record AmazonApiHealth(
            SellerConnection.Status status,
            boolean credentialsValid,
            @Nullable String reason,
            @Nullable Instant lastSuccessAt,
            @Nullable Instant lastFailureAt,
            @Nullable String lastFailure,
            @Schema(allowableValues = {"CLOSED", "OPEN", "HALF_OPEN", "DISABLED", "FORCED_OPEN", "METRICS_ONLY"})
            String circuitBreaker) {

        static AmazonApiHealth of(SellerConnection connection, SpApi.Health api) {
            return new AmazonApiHealth(connection.status(), connection.active(), connection.statusReason(),
                    api.lastSuccessAt(), api.lastFailureAt(), api.lastFailure(), api.circuitBreaker());
        }
    }

    /** {@code GET /api/v1/connectors/amazon/status}. */
    public record AmazonStatusReport(AmazonConnectionSummary connection, boolean readOnly, String readOnlyStatement,
                                     AmazonApiHealth health, AmazonSyncReport sync) {
    }
}
