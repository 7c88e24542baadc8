package dev.calibrate.connectors.amazon.connection;

import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The bodies of connecting and disconnecting a seller account; the request is validated against its
 * JSON Schema first.
 */
public final class AmazonConnectionApi {

    private AmazonConnectionApi() {
    }

    /** A seller account and its Login with Amazon credentials; the three secrets are stored sealed, never answered. */
    @RequestSchema("AmazonConnection")
    public record AmazonConnection(String sellerId, String region, List<String> marketplaceIds, String clientId,
                                   String clientSecret, String refreshToken) {
    }

    /** The connected seller account as the tenant sees it, without its secrets. */
    public record AmazonConnectionSummary(
            @Schema(example = "A2EXAMPLE1SELLER") String sellerId,
            @Schema(allowableValues = {"na", "eu", "fe"}) String region,
            List<String> marketplaceIds,
            SellerConnection.Status status,
            @Nullable String statusReason,
            Instant connectedAt,
            @Schema(description = "always true: Calibrate never changes anything on Amazon") boolean readOnly) {

        public static AmazonConnectionSummary of(SellerConnection connection) {
            return new AmazonConnectionSummary(connection.sellerId(), connection.region().wireName(),
                    connection.marketplaceIds(), connection.status(), connection.statusReason(),
                    connection.connectedAt(), true);
        }
    }

    public record AmazonDisconnection(boolean disconnected) {
    }
}
