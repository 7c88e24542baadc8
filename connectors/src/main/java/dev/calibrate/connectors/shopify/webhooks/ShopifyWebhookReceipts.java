package dev.calibrate.connectors.shopify.webhooks;

import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The webhook deliveries already taken in ({@code shopify_webhook_receipt}, keyed by shop and
 * {@code X-Shopify-Webhook-Id}): Shopify repeats a delivery until it sees a 2xx, and sometimes after.
 * Per shop, so that an id recorded for one shop never makes another shop's delivery a repeat.
 */
@Repository
class ShopifyWebhookReceipts {

    private final JdbcTemplate jdbc;

    ShopifyWebhookReceipts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the delivery in the caller's transaction; false when it was recorded before (a repeat).
     * A concurrent repeat waits for the first one's transaction, and is a repeat once that commits.
     */
    boolean record(String shop, String webhookId, TenantId tenantId, String topic, Instant at) {
        return jdbc.update("INSERT INTO shopify_webhook_receipt (shop, webhook_id, tenant_id, topic, received_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (shop, webhook_id) DO NOTHING",
                shop, webhookId, tenantId.value(), topic, Timestamp.from(at)) == 1;
    }

    /** Forgets deliveries older than {@code before}: Shopify repeats one for 4 hours, and may deliver it a day late. */
    int prune(Instant before) {
        return jdbc.update("DELETE FROM shopify_webhook_receipt WHERE received_at < ?", Timestamp.from(before));
    }
}
