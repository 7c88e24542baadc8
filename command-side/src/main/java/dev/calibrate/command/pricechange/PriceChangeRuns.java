package dev.calibrate.command.pricechange;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Starts a run when a change starts applying or rolling back: a db-scheduler execution, inserted in
 * the same transaction as the event (this processing group is subscribing), so a run exists exactly
 * when its event does, and survives restarts. A failed run is retried with backoff; a node that dies
 * mid-run loses its heartbeat and another (or the restarted) node revives the run.
 */
@Configuration
@ProcessingGroup(PriceChangeRuns.PROCESSING_GROUP)
public class PriceChangeRuns {

    public static final String PROCESSING_GROUP = "price-change-runs";
    static final TaskDescriptor<RunOrder> TASK = TaskDescriptor.of("price-change-run", RunOrder.class);

    /** Task data: who started the run, which tenant, and what kind; the instance id is the change id. */
    public record RunOrder(String tenantId, String kind, String actor) implements Serializable {
    }

    private final SchedulerClient scheduler;

    PriceChangeRuns(@Lazy SchedulerClient scheduler) {
        this.scheduler = scheduler;
    }

    @Bean
    static OneTimeTask<RunOrder> priceChangeRunTask(@Lazy PriceChangeRunner runner) {
        return Tasks.oneTime(TASK)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5)))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    RunOrder order = instance.getData();
                    runner.run(new TenantId(UUID.fromString(order.tenantId())),
                            new PriceChangeId(UUID.fromString(instance.getId().split(":")[0])),
                            RunKind.valueOf(order.kind()), new Actor(order.actor()),
                            () -> context.getSchedulerState().isShuttingDown());
                });
    }

    /** The run writes as whoever started it: a token, or the system for a deadline. */
    @EventHandler
    void on(PriceChangeApplyStarted event) {
        start(event.tenantId(), event.id(), RunKind.APPLY, event.by());
    }

    @EventHandler
    void on(PriceChangeRollbackStarted event) {
        start(event.tenantId(), event.id(), RunKind.ROLLBACK, event.by());
    }

    private void start(TenantId tenantId, PriceChangeId id, RunKind kind, Actor by) {
        scheduler.scheduleIfNotExists(TASK.instance(id + ":" + kind)
                .data(new RunOrder(tenantId.toString(), kind.name(), by.id()))
                .scheduledTo(Instant.now()));
    }
}
