package dev.calibrate.connectors.shopify.catalog;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@code shopify-sync} db-scheduler task (the name stays: stored executions carry it): one execution
 * per tenant (the instance id is the tenant id), so a tenant never has two ingests at once. An ingest
 * stopped by a shutdown runs again at once on the next node up; one whose node died is revived when its
 * heartbeat goes stale. An ingest records its own failures (the status shows them) and is not retried:
 * the operator asks for another.
 */
@Configuration(proxyBeanMethods = false)
class ShopifyIngestTask {

    static final TaskDescriptor<IngestOrder> TASK = TaskDescriptor.of("shopify-sync", IngestOrder.class);

    /** Task data: the mode asked for and who asked (the upserts' actor). */
    record IngestOrder(String mode, String actor) implements Serializable {
    }

    @Bean
    static OneTimeTask<IngestOrder> shopifyIngestExecution(@Lazy ShopifyIngest ingest) {
        FailureHandler<IngestOrder> retryUnexpected = new FailureHandler.MaxRetriesFailureHandler<>(3,
                new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10)));
        return Tasks.oneTime(TASK)
                .onFailure((complete, operations) -> {
                    if (complete.getCause().filter(ShopifyIngest.IngestInterrupted.class::isInstance).isPresent()) {
                        operations.reschedule(complete, Instant.now());
                    } else {
                        retryUnexpected.onFailure(complete, operations);
                    }
                })
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    IngestOrder order = instance.getData();
                    ingest.run(new TenantId(UUID.fromString(instance.getId())), ShopifyIngest.Mode.valueOf(order.mode()),
                            new Actor(order.actor()), () -> context.getSchedulerState().isShuttingDown());
                });
    }
}
