package dev.calibrate.connectors.shopify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * How Calibrate reaches Shopify ({@code calibrate.shopify.*} in application.yml, each settable from
 * the environment, e.g. {@code CALIBRATE_SHOPIFY_BASE_URL}).
 *
 * @param baseUrl              where a shop's Admin API lives; {@code {shop}} is replaced by the shop domain.
 *                             A staging or fake server stands in by changing it.
 * @param apiVersion           the Admin API version ({@code YYYY-MM}) every call names
 * @param publicUrl            Calibrate's own public base URL; when set, connecting subscribes the shop's
 *                             webhooks to {@code publicUrl/webhooks/shopify}
 * @param clientId             the public app's client id (OAuth installs)
 * @param clientSecret         the public app's client secret: signs OAuth redirects and its webhooks
 * @param scopes               the access scopes the public app asks for at install
 * @param connectTimeout       TCP connect timeout of every call
 * @param requestTimeout       time limit of one call; a slower answer counts as a failure and is retried
 * @param bulkQueryThreshold   shops with more products than this are read with a bulk query operation
 * @param bulkMutationThreshold write-backs touching more products than this go through a bulk mutation
 * @param maxAttempts          attempts of one call on throttling, 5xx and timeouts before it counts as failed
 * @param deliveryAttempts     send attempts of one price before it is recorded as failed
 * @param bulkPollInterval     how often a running bulk operation is polled
 */
@ConfigurationProperties("calibrate.shopify")
public record ShopifySettings(@DefaultValue("https://{shop}") String baseUrl,
                              @DefaultValue("2026-07") String apiVersion,
                              @DefaultValue("") String publicUrl,
                              @DefaultValue("") String clientId,
                              @DefaultValue("") String clientSecret,
                              @DefaultValue("read_products,write_products") String scopes,
                              @DefaultValue("10s") Duration connectTimeout,
                              @DefaultValue("30s") Duration requestTimeout,
                              @DefaultValue("2000") int bulkQueryThreshold,
                              @DefaultValue("200") int bulkMutationThreshold,
                              @DefaultValue("6") int maxAttempts,
                              @DefaultValue("8") int deliveryAttempts,
                              @DefaultValue("1s") Duration bulkPollInterval) {

    public ShopifySettings {
        if (!apiVersion.matches("\\d{4}-\\d{2}")) {
            throw new IllegalArgumentException("calibrate.shopify.api-version must look like 2026-07, not " + apiVersion);
        }
        if (!baseUrl.contains("{shop}")) {
            throw new IllegalArgumentException("calibrate.shopify.base-url must contain {shop}, e.g. https://{shop}");
        }
    }

    /** The shop's base URL, e.g. {@code https://acme.myshopify.com}. */
    public URI shopUrl(String shop) {
        return URI.create(baseUrl.replace("{shop}", shop).replaceAll("/+$", ""));
    }

    public URI graphqlUrl(String shop) {
        return URI.create(shopUrl(shop) + "/admin/api/" + apiVersion + "/graphql.json");
    }

    public boolean subscribesWebhooks() {
        return !publicUrl.isBlank();
    }

    public String webhookUrl() {
        return publicUrl.replaceAll("/+$", "") + "/webhooks/shopify";
    }

    public boolean publicAppConfigured() {
        return !clientId.isBlank() && !clientSecret.isBlank();
    }
}
