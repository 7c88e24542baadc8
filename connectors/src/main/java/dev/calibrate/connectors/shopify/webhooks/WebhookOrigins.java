package dev.calibrate.connectors.shopify.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.catalog.ShopifyPayloads;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/**
 * Which connection a webhook delivery comes from. Shopify signs only the body: the shop header is
 * the sender's claim, so the delivery is verified with the secret of the connection that header
 * names (a custom app's own api secret, or the public app's client secret for OAuth installs), and a
 * payload that names its shop must name the same one.
 */
@Component
class WebhookOrigins {

    private static final Logger log = LoggerFactory.getLogger(WebhookOrigins.class);

    private final ShopifyConnections connections;
    private final ShopifySettings settings;

    WebhookOrigins(ShopifyConnections connections, ShopifySettings settings) {
        this.connections = connections;
        this.settings = settings;
    }

    /** The connection a delivery claims to come from, and the secret its signature must verify with. */
    record Signer(ShopConnection connection, String secret) {
        @Override
        public String toString() {
            return "Signer[" + connection.shop() + "]";
        }
    }

    /**
     * The connection named by the shop header and that connection's own secret; null, so that the
     * delivery is refused before its body is read, when the signature header is missing or no
     * connection has this shop.
     */
    Signer signer(String shop, String signature) {
        if (shop == null || signature == null || signature.isBlank()) {
            return null;
        }
        Optional<ShopConnection> connection = connections.findByShop(shop.trim().toLowerCase(Locale.ROOT));
        if (connection.isEmpty()) {
            return null;
        }
        String secret;
        try {
            secret = connection.get().kind() == ShopConnection.Kind.OAUTH ? settings.clientSecret()
                    : connections.apiSecret(connection.get().tenantId());
        } catch (RuntimeException e) {
            log.error("The webhook secret of shop {} cannot be read, so its webhooks are refused: {}",
                    connection.get().shop(), e.getMessage());
            return null;
        }
        return secret == null || secret.isEmpty() ? null : new Signer(connection.get(), secret);
    }

    /**
     * Whether a shop payload ({@code app/uninstalled}) is about {@code shop}: every OAuth install's
     * deliveries are signed with the same client secret, so a delivery signed for one shop, sent again
     * under another shop's header, verifies; its body still names the shop it was made for.
     */
    static boolean aboutShop(JsonNode payload, String shop) {
        String domain = ShopifyPayloads.text(payload, "myshopify_domain");
        return domain != null && domain.trim().toLowerCase(Locale.ROOT).equals(shop);
    }
}
