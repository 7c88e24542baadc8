package dev.calibrate.connectors.shopify.webhooks;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.calibrate.kernel.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Webhook work done after the answer: product webhooks too large to take in while Shopify waits
 * ({@code shopify-webhook}, instance = the webhook id, retried with backoff), and forgetting receipts
 * older than a week ({@code shopify-webhook-receipts-prune}, every 6 hours).
 */
@Configuration(proxyBeanMethods = false)
class ShopifyWebhookTasks {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWebhookTasks.class);
    static final TaskDescriptor<QueuedProduct> QUEUED = TaskDescriptor.of("shopify-webhook", QueuedProduct.class);
    static final Duration RECEIPTS_KEPT = Duration.ofDays(7);

    /** A verified product webhook, as received. */
    record QueuedProduct(String tenantId, String topic, String body) implements Serializable {
    }

    @Bean
    static OneTimeTask<QueuedProduct> shopifyWebhookTask(@Lazy ShopifyWebhooks webhooks) {
        return Tasks.oneTime(QUEUED)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(8,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5))))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    QueuedProduct queued = instance.getData();
                    webhooks.applyQueued(new TenantId(UUID.fromString(queued.tenantId())), queued.topic(), queued.body(),
                            instance.getId());
                });
    }

    @Bean
    static RecurringTask<Void> shopifyWebhookReceiptsPruneTask(@Lazy ShopifyWebhookReceipts receipts) {
        return Tasks.recurring("shopify-webhook-receipts-prune", Schedules.fixedDelay(Duration.ofHours(6)))
                .execute((instance, context) -> {
                    int pruned = receipts.prune(Instant.now().minus(RECEIPTS_KEPT));
                    if (pruned > 0) {
                        log.info("Forgot {} Shopify webhook receipts older than {} days", pruned, RECEIPTS_KEPT.toDays());
                    }
                });
    }
}
