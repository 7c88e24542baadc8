package dev.calibrate.connectors.shopify.fake;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One webhook delivery exactly as Shopify would POST it: the raw body and the headers. Keep it to
 * replay it (a real retry carries the same {@code X-Shopify-Webhook-Id}) or tamper with it
 * ({@link #withBody} keeps the old signature, so the receiver must reject it).
 *
 * @param topic       e.g. {@code products/update}
 * @param shopDomain  {@code X-Shopify-Shop-Domain}
 * @param apiVersion  {@code X-Shopify-API-Version}
 * @param webhookId   {@code X-Shopify-Webhook-Id}, the dedupe key (same on retries)
 * @param eventId     {@code X-Shopify-Event-Id}, shared by deliveries of one event to several subscriptions
 * @param triggeredAt {@code X-Shopify-Triggered-At}, ISO-8601 UTC
 * @param hmacSha256  {@code X-Shopify-Hmac-Sha256}, base64 HMAC-SHA256 of the body with the client secret
 * @param body        the raw JSON body
 */
public record WebhookDelivery(String topic, String shopDomain, String apiVersion, String webhookId, String eventId,
                              String triggeredAt, String hmacSha256, String body) {

    /** The request headers, in the order Shopify sends them. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Shopify-Topic", topic);
        headers.put("X-Shopify-Hmac-Sha256", hmacSha256);
        headers.put("X-Shopify-Shop-Domain", shopDomain);
        headers.put("X-Shopify-API-Version", apiVersion);
        headers.put("X-Shopify-Webhook-Id", webhookId);
        headers.put("X-Shopify-Triggered-At", triggeredAt);
        headers.put("X-Shopify-Event-Id", eventId);
        return headers;
    }

    /** The body as bytes (UTF-8), as signed. */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The same delivery with another body but the old signature: a tampered delivery. */
    public WebhookDelivery withBody(String newBody) {
        return new WebhookDelivery(topic, shopDomain, apiVersion, webhookId, eventId, triggeredAt, hmacSha256, newBody);
    }

    /** The same delivery with another signature, e.g. one made with a wrong secret. */
    public WebhookDelivery withHmac(String newHmac) {
        return new WebhookDelivery(topic, shopDomain, apiVersion, webhookId, eventId, triggeredAt, newHmac, body);
    }

    /** The same delivery signed again with {@code clientSecret}. */
    public WebhookDelivery signedWith(String clientSecret) {
        return withHmac(ShopifySignatures.webhookHmac(clientSecret, body));
    }

    /** The same delivery under a new webhook id: a distinct delivery of the same content. */
    public WebhookDelivery withWebhookId(String newWebhookId) {
        return new WebhookDelivery(topic, shopDomain, apiVersion, newWebhookId, eventId, triggeredAt, hmacSha256, body);
    }

    /** The same delivery announced under another API version. */
    public WebhookDelivery withApiVersion(String version) {
        return new WebhookDelivery(topic, shopDomain, version, webhookId, eventId, triggeredAt, hmacSha256, body);
    }
}
