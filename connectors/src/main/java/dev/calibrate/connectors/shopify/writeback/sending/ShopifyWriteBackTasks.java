package dev.calibrate.connectors.shopify.writeback.sending;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.calibrate.connectors.shopify.writeback.ShopifyConfirmations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The write-back's two recurring db-scheduler tasks. A recurring task runs on one node at a time
 * across a cluster, so rounds never overlap: one sends due prices to Shopify, the other records the
 * decided outcomes on the products (apart, so a slow shop never holds up the records of the others).
 */
@Configuration(proxyBeanMethods = false)
class ShopifyWriteBackTasks {

    @Bean
    static RecurringTask<Void> shopifyWriteBackTask(@Lazy ShopifyWriteBack writeBack, ShopifyWriteBackSettings settings) {
        return Tasks.recurring("shopify-write-back", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> writeBack.sendDue(() -> context.getSchedulerState().isShuttingDown()));
    }

    @Bean
    static RecurringTask<Void> shopifyConfirmationsTask(@Lazy ShopifyConfirmations confirmations, ShopifyWriteBackSettings settings) {
        return Tasks.recurring("shopify-sync-records", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> confirmations.recordDue(() -> context.getSchedulerState().isShuttingDown()));
    }
}
