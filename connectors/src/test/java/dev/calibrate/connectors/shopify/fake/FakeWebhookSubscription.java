package dev.calibrate.connectors.shopify.fake;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription created through {@code webhookSubscriptionCreate}.
 *
 * @param legacyId      numeric id
 * @param topic         GraphQL enum name, e.g. {@code PRODUCTS_UPDATE}
 * @param uri           where deliveries go (HTTPS URL, or {@code pubsub://}/{@code arn:} addresses)
 * @param format        {@code JSON} or {@code XML}
 * @param apiVersion    API version of the request that created it; deliveries use it
 * @param includeFields fields to keep in payloads (empty = all)
 * @param filter        search filter, or null
 * @param createdAt     creation time
 */
public record FakeWebhookSubscription(long legacyId, String topic, String uri, String format, String apiVersion,
                                      List<String> includeFields, String filter, Instant createdAt) {

    /** {@code gid://shopify/WebhookSubscription/N}. */
    public String gid() {
        return Gids.of("WebhookSubscription", legacyId);
    }

    /** The topic as webhook headers spell it, e.g. {@code products/update}. */
    public String headerTopic() {
        return Topics.header(topic);
    }
}
