package dev.calibrate.command.rule.schedule;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleRemoved;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleSet;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantTimeZoneChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A saved rule's schedule as one db-scheduler execution per rule, due at its next slot: inserted, moved or
 * removed in the transaction of the event that sets or removes the schedule (this processing group is
 * subscribing), so the execution exists exactly while the schedule does. db-scheduler runs it on one node of
 * the cluster; after the run it is moved to the first slot after now. A node that was down when a slot came
 * finds the execution overdue on start-up and runs it once, whatever number of slots it missed.
 */
@Configuration
@ProcessingGroup(RuleSchedules.PROCESSING_GROUP)
public class RuleSchedules {

    public static final String PROCESSING_GROUP = "saved-rule-schedules";
    /** The task's name; the query side reads the next run's time from its execution. */
    public static final String TASK_NAME = "saved-rule-schedule";
    static final TaskDescriptor<ScheduleOrder> TASK = TaskDescriptor.of(TASK_NAME, ScheduleOrder.class);
    private static final Logger log = LoggerFactory.getLogger(RuleSchedules.class);

    /**
     * Task data: the tenant, the cron the execution was planned with and the slot it runs; the instance id is
     * tenant:rule. The slot is kept here rather than read from the execution's time, which db-scheduler moves
     * when it revives a dead execution (to now) or retries a failed one (minutes on): the slot names the
     * run's draft, so a revived run must see the slot it was planned for to find the draft it made.
     */
    public record ScheduleOrder(String tenantId, String cron, Instant slot) implements Serializable {
    }

    private final SchedulerClient scheduler;
    private final TenantPolicies policies;
    private final Clock clock;

    RuleSchedules(@Lazy SchedulerClient scheduler, TenantPolicies policies, Clock clock) {
        this.scheduler = scheduler;
        this.policies = policies;
        this.clock = clock;
    }

    /** tenant:rule, so that a tenant's schedules are counted by their prefix. */
    static String instanceId(TenantId tenantId, SavedRuleId ruleId) {
        return tenantId + ":" + ruleId;
    }

    @Bean
    static CustomTask<ScheduleOrder> savedRuleScheduleTask(@Lazy ScheduledRuns runs, @Lazy TenantPolicies policies,
                                                           Clock clock) {
        return Tasks.custom(TASK)
                .execute((instance, context) -> {
                    ScheduleOrder order = instance.getData();
                    TenantId tenantId = new TenantId(UUID.fromString(order.tenantId()));
                    SavedRuleId ruleId = new SavedRuleId(UUID.fromString(instance.getId().split(":")[1]));
                    // data written before the slot was kept (none outside development) falls back to the due time
                    Instant slot = order.slot() != null ? order.slot() : context.getExecution().executionTime;
                    String cron;
                    try {
                        cron = runs.run(tenantId, ruleId, order.cron(), slot);
                    } catch (RuntimeException failure) {
                        log.error("The scheduled run of saved rule {} for {} failed", ruleId, slot, failure);
                        cron = runs.failed(tenantId, ruleId, slot, failure);
                    }
                    Instant next = cron == null ? null
                            : RuleCron.recorded(cron).nextAfter(clock.instant(), policies.timeZone(tenantId));
                    if (next == null) {
                        return (complete, operations) -> operations.remove();
                    }
                    ScheduleOrder nextOrder = new ScheduleOrder(order.tenantId(), cron, next);
                    return (complete, operations) -> operations.reschedule(complete, next, nextOrder);
                });
    }

    @EventHandler
    void on(SavedRuleScheduleSet event) {
        String id = instanceId(event.tenantId(), event.id());
        Instant next = RuleCron.recorded(event.cron()).nextAfter(clock.instant(), policies.timeZone(event.tenantId()));
        if (cancel(id) && next != null) {
            scheduler.schedule(TASK.instance(id).data(new ScheduleOrder(event.tenantId().toString(), event.cron(), next))
                    .scheduledTo(next));
        }
    }

    @EventHandler
    void on(SavedRuleScheduleRemoved event) {
        cancel(instanceId(event.tenantId(), event.id()));
    }

    /**
     * A tenant's new time zone moves each of its schedules' next run to the cron's next slot in that zone. A
     * run going on now, or already due, is left alone: it runs, and plans its next slot in the new zone.
     */
    @EventHandler
    void on(TenantTimeZoneChanged event) {
        ZoneId zone = ZoneId.of(event.timeZone());
        String prefix = event.tenantId() + ":";
        Instant now = clock.instant();
        List<ScheduledExecution<ScheduleOrder>> planned = new ArrayList<>();
        scheduler.fetchScheduledExecutionsForTask(TASK_NAME, ScheduleOrder.class, execution -> {
            if (execution.getTaskInstance().getId().startsWith(prefix) && !execution.isPicked()
                    && execution.getExecutionTime().isAfter(now)) {
                planned.add(execution);
            }
        });
        for (ScheduledExecution<ScheduleOrder> execution : planned) {
            ScheduleOrder order = execution.getData();
            Instant next = RuleCron.recorded(order.cron()).nextAfter(now, zone);
            if (next != null && !next.equals(execution.getExecutionTime())) {
                scheduler.reschedule(execution.getTaskInstance(), next,
                        new ScheduleOrder(order.tenantId(), order.cron(), next));
            }
        }
    }

    /**
     * False when the execution is running right now, which cannot be cancelled: it goes on by itself, since the
     * rule tells it the schedule it has now (none, or another cron) and it plans its next run from that (a run
     * planned with the old cron a moment before drafts nothing: the rule refuses a slot of a replaced cron).
     */
    private boolean cancel(String id) {
        TaskInstanceId instance = TaskInstanceId.of(TASK_NAME, id);
        Optional<ScheduledExecution<Object>> existing = scheduler.getScheduledExecution(instance);
        if (existing.isPresent() && existing.get().isPicked()) {
            return false;
        }
        if (existing.isPresent()) {
            scheduler.cancel(instance);
        }
        return true;
    }
}
