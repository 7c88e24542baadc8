package dev.calibrate.command.pricechange.run;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerState;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.calibrate.command.pricechange.run.PriceChangeRunner.RunInterrupted;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FailPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunRetried;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * Starts a run when a change starts applying or rolling back: a db-scheduler execution, inserted in
 * the same transaction as the event (this processing group is subscribing), so a run exists exactly
 * when its event does, and survives restarts. A failed run is retried with backoff ({@link RunAttempts});
 * after its last attempt the change ends FAILED with the reason, until an admin retries or abandons
 * it. A node that dies mid-run loses its heartbeat and another (or the restarted) node revives the run.
 */
@Configuration
@ProcessingGroup(PriceChangeRuns.PROCESSING_GROUP)
public class PriceChangeRuns {

    public static final String PROCESSING_GROUP = "price-change-runs";
    private static final Logger log = LoggerFactory.getLogger(PriceChangeRuns.class);
    /** A failure reason is for people to read; a stack of causes is for the log. */
    static final int MAX_REASON_LENGTH = 500;
    /** The db-scheduler task of every run: an execution of it is picked while its run writes. */
    public static final String TASK_NAME = "price-change-run";
    static final TaskDescriptor<RunOrder> TASK = TaskDescriptor.of(TASK_NAME, RunOrder.class);

    /**
     * Task data: who started the run, which tenant, and what kind; the instance id is the change id.
     * {@code stops} counts the times the run was stopped for a shutdown: db-scheduler counts those as
     * failures too, so they are taken off its count. (Data queued before the field existed reads as 0.)
     */
    public record RunOrder(String tenantId, String kind, String actor, int stops) implements Serializable {

        RunOrder withStop() {
            return new RunOrder(tenantId, kind, actor, stops + 1);
        }
    }

    private final SchedulerClient scheduler;

    PriceChangeRuns(@Lazy SchedulerClient scheduler) {
        this.scheduler = scheduler;
    }

    @Bean
    static OneTimeTask<RunOrder> priceChangeRunTask(@Lazy PriceChangeRunner runner, @Lazy CommandGateway commands,
                                                    RunAttempts attempts) {
        return Tasks.oneTime(TASK)
                .onFailure(new GiveUpAfterAttempts(attempts, commands))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    RunOrder order = instance.getData();
                    PriceChangeId id = changeOf(instance.getId());
                    try {
                        runner.run(new TenantId(UUID.fromString(order.tenantId())), id, RunKind.valueOf(order.kind()),
                                new Actor(order.actor()), () -> stopping(context.getSchedulerState()));
                    } catch (RunInterrupted stopped) {
                        throw stopped;
                    } catch (RuntimeException failure) {
                        if (Thread.currentThread().isInterrupted() || stopping(context.getSchedulerState())) {
                            throw stoppedBy(id, failure);
                        }
                        throw failure;
                    }
                });
    }

    /**
     * What a run met while its node stops is a stop, not a failure: the interrupt of db-scheduler's stop
     * reaches the run wherever it is, in a read of its items (a connection borrowed from the pool throws for
     * it), their count or the finishing command, not only between chunks. A real failure met then is met
     * again by the node that resumes the run, and counts there.
     */
    private static RunInterrupted stoppedBy(PriceChangeId id, RuntimeException failure) {
        log.info("Price change {}: its run met {} while the node stops; stopped for shutdown, not failed", id,
                failure.toString());
        return new RunInterrupted(id);
    }

    /**
     * The node is going away: its scheduler pauses as the shutdown starts (while the web server drains, before
     * it stops), so a run hands over to another node at its next chunk rather than going on until the stop.
     */
    private static boolean stopping(SchedulerState state) {
        return state.isShuttingDown() || state.isPaused();
    }

    private static PriceChangeId changeOf(String instanceId) {
        return new PriceChangeId(UUID.fromString(instanceId.split(":")[0]));
    }

    /**
     * Retries a failed run with a growing wait; after the last attempt the change records the run FAILED
     * (the aggregate first, so a failure to tell it leaves the run to be tried again rather than lost),
     * then the execution ends. A run stopped for a shutdown did not fail: it always comes back.
     */
    static final class GiveUpAfterAttempts implements FailureHandler<RunOrder> {

        private final RunAttempts attempts;
        private final CommandGateway commands;

        GiveUpAfterAttempts(RunAttempts attempts, CommandGateway commands) {
            this.attempts = attempts;
            this.commands = commands;
        }

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<RunOrder> operations) {
            RunOrder order = (RunOrder) complete.getExecution().taskInstance.getData();
            Throwable cause = complete.getCause().orElse(null);
            if (cause instanceof RunInterrupted) {
                // due at once, so another node (polling) goes on with it while this one stops; db-scheduler
                // still counts a failure, which the order's count of stops takes off again
                operations.reschedule(complete, complete.getTimeDone(), order.withStop());
                return;
            }
            int failures = failures(complete.getExecution().consecutiveFailures, order);
            Instant next = complete.getTimeDone().plus(attempts.backoffAfter(failures));
            if (failures < attempts.max()) {
                operations.reschedule(complete, next);
                return;
            }
            PriceChangeId id = changeOf(complete.getExecution().taskInstance.getId());
            String reason = reason(cause);
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(new FailPriceChangeRun(id,
                                new TenantId(UUID.fromString(order.tenantId())), RunKind.valueOf(order.kind()),
                                failures, reason))
                        .andMetaData(MetaData.with(MetadataKeys.ACTOR, Actor.SYSTEM.id())
                                .and(MetadataKeys.CORRELATION_ID, id.toString())));
            } catch (Rejection noLongerRunning) {
                // the change left APPLYING or ROLLING_BACK (the run finished before its last failure): nothing to retry
                log.warn("The {} run of price change {} failed {} times, but the change is no longer running it: {}",
                        order.kind(), id, failures, noLongerRunning.getMessage(), cause);
                operations.stop();
                return;
            } catch (RuntimeException notRecorded) {
                log.error("The {} run of price change {} failed {} times, but could not be recorded as FAILED;"
                        + " it is tried again at {}", order.kind(), id, failures, next, notRecorded);
                operations.reschedule(complete, next);
                return;
            }
            log.error("The {} run of price change {} failed {} times and is not tried again: {}", order.kind(), id,
                    failures, reason, cause);
            operations.stop();
        }

        /** The real failures, this one included: db-scheduler's count less the stops for a shutdown. */
        static int failures(int consecutiveFailures, RunOrder order) {
            return Math.max(1, consecutiveFailures + 1 - order.stops());
        }

        /**
         * The tenant reads this on the change and it stays in an event, so only a domain refusal is
         * quoted; any other failure's message (SQL, hosts, internals) goes to the log alone.
         */
        private static String reason(Throwable cause) {
            if (cause == null) {
                return "unknown";
            }
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof Rejection refusal && refusal.getMessage() != null) {
                    String reason = refusal.getMessage();
                    return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 1) + "…";
                }
            }
            return "internal failure (" + cause.getClass().getSimpleName() + "); the server log has the details";
        }
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

    /** A retried run writes as the admin who retried it, so the product events name who restarted them. */
    @EventHandler
    void on(PriceChangeRunRetried event) {
        start(event.tenantId(), event.id(), event.kind(), event.by());
    }

    private void start(TenantId tenantId, PriceChangeId id, RunKind kind, Actor by) {
        scheduler.scheduleIfNotExists(TASK.instance(id + ":" + kind)
                .data(new RunOrder(tenantId.toString(), kind.name(), by.id(), 0))
                .scheduledTo(Instant.now()));
    }
}
