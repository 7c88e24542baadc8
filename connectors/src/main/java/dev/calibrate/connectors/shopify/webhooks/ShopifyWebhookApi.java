package dev.calibrate.connectors.shopify.webhooks;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the webhook endpoint answers Shopify.
 */
public final class ShopifyWebhookApi {

    private ShopifyWebhookApi() {
    }

    /** Shopify reads only the status; the outcome says what became of the delivery, for people. */
    public record ShopifyWebhookReceipt(
            @Schema(allowableValues = {"processed", "queued", "duplicate", "stale", "ignored"}) String outcome) {
    }
}
