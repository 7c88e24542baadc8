package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Builds and sends webhook deliveries for one shop the way Shopify does: REST-format JSON bodies
 * (numeric ids, {@code admin_graphql_api_id}, prices as strings, times with the shop's UTC offset,
 * tags as one comma-separated string) signed with the app's client secret
 * ({@link FakeShopify#oauthApp}).
 *
 * <pre>{@code
 * int status = shop.webhooks().send(appWebhookUri, "products/update", product.gid());
 * WebhookDelivery delivery = shop.webhooks().deliveryFor("products/update", product.gid());
 * shop.webhooks().send(appWebhookUri, delivery);   // a retry: same X-Shopify-Webhook-Id
 * shop.webhooks().send(appWebhookUri, delivery.withBody("{\"id\":1}"));   // tampered
 * }</pre>
 * Like Shopify, sending gives up after 5 seconds without an answer.
 */
public final class WebhookSender {

    /** Shopify waits this long for the app to answer a delivery. */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final FakeShop shop;
    private final FakeShopify server;

    WebhookSender(FakeShop shop, FakeShopify server) {
        this.shop = shop;
        this.server = server;
    }

    /**
     * A signed delivery with the shop's current data.
     *
     * @param topic      {@code products/create}, {@code products/update}, {@code products/delete}
     *                   ({@code {"id": N}}; the product may already be gone), {@code app/uninstalled}
     *                   (the shop's JSON; {@code subjectGid} is ignored) or
     *                   {@code bulk_operations/finish} ({@code subjectGid} is the bulk operation)
     * @param subjectGid the product's (or bulk operation's) gid
     */
    public WebhookDelivery deliveryFor(String topic, String subjectGid) {
        String body = switch (topic) {
            case "products/create", "products/update" -> productJson(subjectGid).toString();
            case "products/delete" -> Json.object().put("id", Gids.parse(subjectGid, "Product")).toString();
            case "app/uninstalled" -> shopJson().toString();
            case "bulk_operations/finish" -> bulkOperationJson(subjectGid).toString();
            default -> throw new IllegalArgumentException("FakeShopify builds no " + topic + " payloads");
        };
        return deliveryWithBody(topic, body);
    }

    /** A delivery of any body on any topic, correctly signed, with fresh webhook and event ids. */
    public WebhookDelivery deliveryWithBody(String topic, String body) {
        return new WebhookDelivery(topic, shop.domain(), FakeShopify.DEFAULT_API_VERSION,
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), server.clock().instant().toString(),
                ShopifySignatures.webhookHmac(server.clientSecret(), body), body);
    }

    /**
     * Builds the delivery for {@code topic} and {@code subjectGid} and POSTs it to {@code target}.
     *
     * @return the HTTP status the target answered
     * @throws UncheckedIOException when the target cannot be reached or takes longer than 5 s
     */
    public int send(URI target, String topic, String subjectGid) {
        return send(target, deliveryFor(topic, subjectGid));
    }

    /**
     * POSTs {@code delivery} to {@code target} as Shopify would.
     *
     * @return the HTTP status the target answered
     * @throws UncheckedIOException when the target cannot be reached or takes longer than 5 s
     */
    public int send(URI target, WebhookDelivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(DELIVERY_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.bodyBytes()));
        delivery.headers().forEach(request::header);
        request.header("User-Agent", "Shopify-Captain-Hook");
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("webhook delivery to " + target + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode productJson(String productGid) {
        FakeProduct product = shop.product(productGid)
                .orElseThrow(() -> new IllegalArgumentException("no product " + productGid + " in " + shop.domain()));
        List<FakeVariant> variants = shop.variantsOf(productGid);
        ObjectNode json = Json.object()
                .put("admin_graphql_api_id", product.gid())
                .put("body_html", "<p>" + product.title() + "</p>")
                .put("created_at", local(product.createdAt()))
                .put("handle", product.handle())
                .put("id", product.legacyId())
                .put("product_type", product.productType())
                .put("published_at", product.status().equals("ACTIVE") ? local(product.createdAt()) : null)
                .putNull("template_suffix")
                .put("title", product.title())
                .put("updated_at", local(product.updatedAt()))
                .put("vendor", product.vendor())
                .put("status", product.status().toLowerCase(Locale.ROOT))
                .put("published_scope", "web")
                .put("tags", String.join(", ", product.tags()));
        ArrayNode variantsJson = json.putArray("variants");
        ArrayNode variantGids = Json.MAPPER.createArrayNode();
        for (FakeVariant variant : variants) {
            variantsJson.addObject()
                    .put("admin_graphql_api_id", variant.gid())
                    .putNull("barcode")
                    .put("compare_at_price", variant.compareAtPrice())
                    .put("created_at", local(variant.createdAt()))
                    .put("id", variant.legacyId())
                    .put("inventory_policy", "deny")
                    .put("position", variant.position())
                    .put("price", variant.price())
                    .put("product_id", product.legacyId())
                    .put("sku", variant.sku())
                    .put("taxable", true)
                    .put("title", variant.title())
                    .put("updated_at", local(variant.updatedAt()))
                    .put("option1", variant.title())
                    .putNull("option2")
                    .putNull("option3")
                    .putNull("image_id")
                    .put("inventory_item_id", variant.inventoryItemId())
                    .put("inventory_quantity", 10)
                    .put("old_inventory_quantity", 10);
            variantGids.addObject()
                    .put("admin_graphql_api_id", variant.gid())
                    .put("updated_at", variant.updatedAt().toString());
        }
        json.putArray("options");
        json.putArray("images");
        json.putNull("image");
        json.putArray("media");
        json.set("variant_gids", variantGids);
        json.put("has_variants_that_requires_components", false);
        json.putNull("category");
        return json;
    }

    private ObjectNode shopJson() {
        return Json.object()
                .put("id", shop.legacyId())
                .put("name", shop.name())
                .put("email", "owner@" + shop.domain())
                .put("domain", shop.domain())
                .put("myshopify_domain", shop.domain())
                .put("currency", shop.currencyCode())
                .put("iana_timezone", shop.timezone().getId())
                .put("primary_locale", "en")
                .put("plan_name", "basic")
                .put("created_at", local(Instant.parse("2024-01-15T10:00:00Z")))
                .put("updated_at", local(server.clock().instant()));
    }

    private ObjectNode bulkOperationJson(String bulkGid) {
        FakeBulkOperation operation = shop.bulkOperations().stream().filter(op -> op.gid().equals(bulkGid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no bulk operation " + bulkGid));
        return Json.object()
                .put("admin_graphql_api_id", operation.gid())
                .put("completed_at", operation.completedAt() == null ? null : operation.completedAt().toString())
                .put("created_at", operation.createdAt().toString())
                .put("error_code", operation.errorCode() == null ? null
                        : operation.errorCode().toLowerCase(Locale.ROOT))
                .put("status", operation.status().toLowerCase(Locale.ROOT))
                .put("type", operation.type().toLowerCase(Locale.ROOT));
    }

    /** REST times: ISO-8601 with the shop's UTC offset, e.g. {@code 2026-07-01T09:30:00-04:00}. */
    private String local(Instant instant) {
        return OffsetDateTime.ofInstant(instant, shop.timezone()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
