package dev.calibrate.connectors.shopify.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl.ShopAccess;
import dev.calibrate.connectors.shopify.api.ShopifyGraphQl;
import dev.calibrate.kernel.channel.ChannelMessages.ConnectChannel;
import dev.calibrate.kernel.channel.ChannelMessages.DisconnectChannel;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Connecting and disconnecting a tenant's shop: checks the token with a cheap {@code shop} call,
 * subscribes the webhooks, stores the sealed secrets and records the connection as an event.
 */
@Service
public class ShopifyConnector {

    private static final Logger log = LoggerFactory.getLogger(ShopifyConnector.class);
    /** Shopify's own rule for shop domains (it also keeps a crafted "shop" from pointing calls elsewhere). */
    public static final Pattern SHOP_DOMAIN = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9-]*\\.myshopify\\.com$");
    static final List<String> WEBHOOK_TOPICS = List.of("PRODUCTS_CREATE", "PRODUCTS_UPDATE", "PRODUCTS_DELETE",
            "APP_UNINSTALLED");

    private final ShopifyGraphQl shopify;
    private final ShopifyConnections connections;
    private final ShopifyAccessTokens tokens;
    private final ShopifySettings settings;
    private final SecretBox secrets;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ShopifyConnector(ShopifyGraphQl shopify, ShopifyConnections connections, ShopifyAccessTokens tokens,
                            ShopifySettings settings,
                            SecretBox secrets, CommandGateway commands, TransactionTemplate transactions,
                            Optional<Clock> clock) {
        this.shopify = shopify;
        this.connections = connections;
        this.tokens = tokens;
        this.settings = settings;
        this.secrets = secrets;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public record ShopInfo(String name, String currency) {
    }

    /**
     * Connects {@code shop} for the tenant: nothing is stored unless Shopify accepted the token and
     * every webhook subscription was created (the ones created are removed again when one fails).
     */
    public ShopConnection connect(TenantId tenantId, String shop, ShopConnection.Kind kind,
                                     ShopifyConnections.Credentials credentials) {
        String domain = normalizedShop(shop);
        secrets.requireKey();
        connections.findByShop(domain).filter(c -> !c.tenantId().equals(tenantId)).ifPresent(other -> {
            throw new ShopAlreadyConnected(domain);
        });
        ShopAccess access = new ShopAccess(domain, credentials.accessToken());
        ShopInfo info = verify(access);
        List<String> webhookIds = settings.subscribesWebhooks() ? subscribe(access) : List.of();
        try {
            transactions.executeWithoutResult(tx -> {
                connections.save(tenantId, domain, info.name(), info.currency(), kind, credentials, clock.instant());
                connections.webhooksSubscribed(tenantId, webhookIds);
                commands.sendAndWait(new ConnectChannel(tenantId, ChannelMessages.SHOPIFY, domain, info.currency()));
            });
        } catch (RuntimeException e) {
            unsubscribe(access, webhookIds);
            throw e;
        }
        log.info("Tenant {} connected Shopify shop {} ({} webhooks)", tenantId, domain, webhookIds.size());
        return connections.find(tenantId).orElseThrow();
    }

    /** Removes the webhook subscriptions (as far as Shopify lets us), the secrets and the connection. */
    public List<String> disconnect(TenantId tenantId, String reason) {
        ShopConnection connection = connections.find(tenantId).orElseThrow(() -> new NotConnected(tenantId));
        List<String> warnings = new ArrayList<>();
        if (!connection.webhookIds().isEmpty() && connection.status() != ShopConnection.Status.UNINSTALLED) {
            try {
                warnings.addAll(unsubscribe(tokens.access(connection), connection.webhookIds()));
            } catch (RuntimeException e) {
                warnings.add("could not remove the webhook subscriptions at Shopify: " + e.getMessage());
            }
        }
        transactions.executeWithoutResult(tx -> {
            connections.delete(tenantId);
            commands.sendAndWait(new DisconnectChannel(tenantId, ChannelMessages.SHOPIFY, connection.shop(), reason));
        });
        shopify.forget(connection.shop());
        log.info("Tenant {} disconnected Shopify shop {}", tenantId, connection.shop());
        return warnings;
    }

    /** Calls {@code shop { name currencyCode }}; a refused token or a missing shop is the caller's bad input. */
    public ShopInfo verify(ShopAccess access) {
        try {
            JsonNode shop = shopify.execute(access, "Shop", Map.of()).path("shop");
            return new ShopInfo(shop.path("name").asText(), shop.path("currencyCode").asText());
        } catch (ShopifyException e) {
            switch (e.kind()) {
                case UNAUTHORIZED -> throw new InvalidInput("accessToken", "Shopify refused this access token for "
                        + access.shop());
                case NOT_FOUND -> throw new InvalidInput("shop", "no Shopify shop answers at " + access.shop());
                default -> throw unreachable(access.shop(), e);
            }
        }
    }

    private List<String> subscribe(ShopAccess access) {
        List<String> ids = new ArrayList<>();
        try {
            for (String topic : WEBHOOK_TOPICS) {
                JsonNode created = shopify.execute(access, "WebhookSubscriptionCreate",
                        Map.of("topic", topic, "uri", settings.webhookUrl())).path("webhookSubscriptionCreate");
                JsonNode errors = created.path("userErrors");
                if (errors.isArray() && !errors.isEmpty()) {
                    throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem(HttpStatus.BAD_GATEWAY,
                            "Shopify refused the " + topic + " webhook subscription: "
                                    + errors.get(0).path("message").asText()), null);
                }
                ids.add(created.path("webhookSubscription").path("id").asText());
            }
            return ids;
        } catch (ShopifyException e) {
            unsubscribe(access, ids);
            throw unreachable(access.shop(), e);
        } catch (RuntimeException e) {
            unsubscribe(access, ids);
            throw e;
        }
    }

    private List<String> unsubscribe(ShopAccess access, List<String> ids) {
        List<String> warnings = new ArrayList<>();
        for (String id : ids) {
            try {
                shopify.execute(access, "WebhookSubscriptionDelete", Map.of("id", id));
            } catch (ShopifyException e) {
                warnings.add("webhook subscription " + id + " was not removed: " + e.getMessage());
            }
        }
        return warnings;
    }

    static String normalizedShop(String shop) {
        if (shop == null || !SHOP_DOMAIN.matcher(shop).matches()) {
            throw new InvalidInput("shop", "must be the shop's myshopify.com domain, e.g. acme.myshopify.com");
        }
        return shop.toLowerCase();
    }

    private static ErrorResponseException unreachable(String shop, ShopifyException e) {
        return new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem(HttpStatus.BAD_GATEWAY,
                "Shopify did not complete the call for " + shop + ": " + e.getMessage()), e);
    }

    static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    /** Another tenant has connected this shop; a shop belongs to one tenant. */
    public static final class ShopAlreadyConnected extends dev.calibrate.kernel.error.Rejection {
        ShopAlreadyConnected(String shop) {
            super("shop " + shop + " is connected to another Calibrate tenant; disconnect it there first");
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }
    }

    public static final class NotConnected extends dev.calibrate.kernel.error.Rejection {
        public NotConnected(TenantId tenantId) {
            super("no Shopify shop is connected; connect one with POST /api/v1/connectors/shopify");
        }

        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }
}
