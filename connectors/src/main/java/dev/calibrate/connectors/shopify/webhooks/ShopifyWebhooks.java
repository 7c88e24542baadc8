package dev.calibrate.connectors.shopify.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import dev.calibrate.connectors.shopify.ShopifyMetrics;
import dev.calibrate.connectors.shopify.catalog.ShopifyPayloads;
import dev.calibrate.connectors.shopify.catalog.ShopifyProduct;
import dev.calibrate.connectors.shopify.catalog.ShopifyProductsSeen;
import dev.calibrate.connectors.shopify.catalog.ShopifyVariantLinks;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.connection.ShopifyConnections;
import dev.calibrate.connectors.shopify.connection.ShopifyConnector;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Takes in Shopify's webhooks: finds the connection by shop domain, verifies the signature over the
 * raw body with that connection's secret, takes each delivery in once per shop
 * ({@code X-Shopify-Webhook-Id}), and ignores product payloads and deletes older than what Calibrate
 * already took in. {@code X-Shopify-Shop-Domain} is not covered by the signature, and every OAuth
 * install shares the app's secret, so what a payload says about its own shop must match the header.
 * The receipt, the staleness record and the product commands share one transaction: a delivery that
 * fails leaves no trace, and Shopify's retry of it is taken in as if it were the first.
 */
@Service
public class ShopifyWebhooks {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWebhooks.class);
    static final String PRODUCTS_CREATE = "products/create";
    static final String PRODUCTS_UPDATE = "products/update";
    static final String PRODUCTS_DELETE = "products/delete";
    static final String APP_UNINSTALLED = "app/uninstalled";
    static final Set<String> TOPICS = Set.of(PRODUCTS_CREATE, PRODUCTS_UPDATE, PRODUCTS_DELETE, APP_UNINSTALLED);
    static final String UNINSTALLED_REASON = "app uninstalled in Shopify";
    /** The actor of the commands a webhook causes. */
    static final String ACTOR = "shopify-webhook";

    /** What became of a delivery; answered to Shopify as {@code {"outcome": "processed"}}. */
    public enum Outcome {
        PROCESSED, QUEUED, DUPLICATE, STALE, IGNORED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The headers of a delivery that matter, as they arrived. */
    public record Headers(String topic, String shop, String signature, String webhookId, String triggeredAt) {
    }

    /** The raw body, read only once the delivery's shop and signature header have been found. */
    @FunctionalInterface
    public interface Body {
        byte[] read() throws IOException;
    }

    /** A delivery with its raw body, which the signature covers. */
    private record Delivery(String topic, String shop, String signature, String webhookId, String triggeredAt,
                            byte[] body) {
    }

    private final ShopifyConnections connections;
    private final ShopifyConnector connector;
    private final WebhookOrigins origins;
    private final ShopifyWebhookSettings webhookSettings;
    private final ShopifyWebhookReceipts receipts;
    private final WebhookProductChanges products;
    private final ShopifyMetrics metrics;
    private final TransactionTemplate transaction;
    private final SchedulerClient scheduler;
    private final ObjectMapper json;
    private final Clock clock;

    ShopifyWebhooks(ShopifyConnections connections, ShopifyConnector connector, WebhookOrigins origins,
                    ShopifyWebhookSettings webhookSettings, ShopifyWebhookReceipts receipts, ShopifyProductsSeen seen,
                    ShopifyVariantLinks links, ShopifyMetrics metrics, CommandGateway commands,
                    PlatformTransactionManager transactionManager, @Lazy SchedulerClient scheduler, ObjectMapper json,
                    Optional<Clock> clock) {
        this.connections = connections;
        this.connector = connector;
        this.origins = origins;
        this.webhookSettings = webhookSettings;
        this.receipts = receipts;
        this.products = new WebhookProductChanges(seen, links, commands);
        this.metrics = metrics;
        this.transaction = new TransactionTemplate(transactionManager);
        this.scheduler = scheduler;
        this.json = json;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public Outcome receive(Headers headers, Body body) throws IOException {
        String topic = headers.topic() == null ? "" : headers.topic().trim().toLowerCase(Locale.ROOT);
        String topicTag = TOPICS.contains(topic) ? topic : "other";
        WebhookOrigins.Signer signer = origins.signer(headers.shop(), headers.signature());
        if (signer == null) {
            metrics.webhook(topicTag, "rejected");
            throw new Unauthorized();
        }
        Delivery delivery = new Delivery(headers.topic(), headers.shop(), headers.signature(), headers.webhookId(),
                headers.triggeredAt(), body.read());
        if (!WebhookSignature.verify(delivery.body(), signer.secret(), delivery.signature())) {
            metrics.webhook(topicTag, "rejected");
            throw new Unauthorized();
        }
        ShopConnection connection = signer.connection();
        JsonNode payload = parse(delivery.body());
        if (payload == null) {
            metrics.webhook(topicTag, "rejected");
            throw new Malformed("the body is not a JSON object");
        }
        if (!TOPICS.contains(topic)) {
            metrics.webhook(topicTag, Outcome.IGNORED.wireName());
            return Outcome.IGNORED;
        }
        if (delivery.webhookId() == null || delivery.webhookId().isBlank()) {
            metrics.webhook(topicTag, "rejected");
            throw new Malformed("X-Shopify-Webhook-Id is missing");
        }
        if (topic.equals(APP_UNINSTALLED) && !WebhookOrigins.aboutShop(payload, connection.shop())) {
            metrics.webhook(topicTag, "rejected");
            throw new Unauthorized();
        }
        TenantId tenantId = connection.tenantId();
        Outcome outcome = transaction.execute(tx -> {
            if (!receipts.record(connection.shop(), delivery.webhookId(), tenantId, topic, clock.instant())) {
                return Outcome.DUPLICATE;
            }
            return switch (topic) {
                case PRODUCTS_CREATE, PRODUCTS_UPDATE -> productChanged(connection, delivery, payload);
                case PRODUCTS_DELETE -> products.deleted(tenantId, payload, triggeredAt(delivery), delivery.webhookId());
                default -> uninstalled(tenantId);
            };
        });
        metrics.webhook(topicTag, outcome.wireName());
        log.info("Shopify webhook {} {} from {}: {}", topic, delivery.webhookId(), connection.shop(), outcome.wireName());
        return outcome;
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode payload = json.readTree(body);
            return payload != null && payload.isObject() ? payload : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Outcome productChanged(ShopConnection connection, Delivery delivery, JsonNode payload) {
        ShopifyProduct product = ShopifyPayloads.productFromRest(payload);
        if (product.gid() == null || product.updatedAt() == null) {
            throw new Malformed("a product payload needs admin_graphql_api_id (or id) and updated_at");
        }
        if (payload.path("variants").size() > webhookSettings.inlineVariants()) {
            scheduler.scheduleIfNotExists(ShopifyWebhookTasks.QUEUED.instance(connection.shop() + "/" + delivery.webhookId())
                    .data(new ShopifyWebhookTasks.QueuedProduct(connection.tenantId().toString(),
                            delivery.topic(), new String(delivery.body(), StandardCharsets.UTF_8)))
                    .scheduledTo(clock.instant()));
            return Outcome.QUEUED;
        }
        return products.changed(connection, payload, delivery.webhookId());
    }

    /**
     * A queued product webhook (one with many variants), run by the scheduler; false when the tenant's
     * shop is no longer connected and the delivery is dropped.
     */
    boolean applyQueued(TenantId tenantId, String topic, String body, String webhookId) {
        Optional<ShopConnection> connection = connections.find(tenantId);
        if (connection.isEmpty()) {
            log.info("Dropped queued Shopify webhook {}: tenant {} has no shop connected any more", webhookId, tenantId);
            return false;
        }
        JsonNode payload = parse(body.getBytes(StandardCharsets.UTF_8));
        Outcome outcome = transaction.execute(tx -> products.changed(connection.get(), payload, webhookId));
        metrics.webhook(TOPICS.contains(topic) ? topic : "other", outcome.wireName());
        log.info("Queued Shopify webhook {} from {}: {}", webhookId, connection.get().shop(), outcome.wireName());
        return true;
    }

    /**
     * The merchant removed the app: its token is dead, so nothing is called at Shopify (the
     * subscriptions went with the app); the connection and its secrets are deleted.
     */
    private Outcome uninstalled(TenantId tenantId) {
        connections.status(tenantId, ShopConnection.Status.UNINSTALLED, UNINSTALLED_REASON);
        connector.disconnect(tenantId, UNINSTALLED_REASON);
        return Outcome.PROCESSED;
    }

    private Instant triggeredAt(Delivery delivery) {
        try {
            return delivery.triggeredAt() == null ? clock.instant() : ShopifyPayloads.instant(delivery.triggeredAt());
        } catch (IllegalArgumentException e) {
            return clock.instant();
        }
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://calibrate.dev/problems/" + type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    /** Unknown shop or a signature that does not verify: the same answer, so it tells a prober nothing. */
    static final class Unauthorized extends ErrorResponseException {
        Unauthorized() {
            super(HttpStatus.UNAUTHORIZED, problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "the webhook's signature does not verify"), null);
        }
    }

    static final class Malformed extends ErrorResponseException {
        Malformed(String detail) {
            super(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, "malformed-json", detail), null);
        }
    }
}
