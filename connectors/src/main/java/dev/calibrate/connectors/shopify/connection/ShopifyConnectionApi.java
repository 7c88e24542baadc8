package dev.calibrate.connectors.shopify.connection;

import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The bodies of connecting, installing and claiming a shop; requests are validated against their JSON
 * Schemas first.
 */
public final class ShopifyConnectionApi {

    private ShopifyConnectionApi() {
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

        public static ShopifyConnectionSummary of(ShopConnection connection) {
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
}
