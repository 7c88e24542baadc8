package dev.calibrate.connectors.shopify.webhooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How Calibrate takes in Shopify's webhooks ({@code calibrate.shopify.webhooks.*}).
 *
 * @param maxBodySize    larger webhook bodies are refused (413); a product with Shopify's maximum of
 *                       2,048 variants is a few MB of REST JSON
 * @param inlineVariants a product webhook with at most this many variants is taken in while Shopify
 *                       waits for the answer; a larger one is queued, so the answer still comes within
 *                       Shopify's 5 seconds
 */
@ConfigurationProperties("calibrate.shopify.webhooks")
public record ShopifyWebhookSettings(@DefaultValue("10MB") DataSize maxBodySize,
                                     @DefaultValue("250") int inlineVariants) {
}
