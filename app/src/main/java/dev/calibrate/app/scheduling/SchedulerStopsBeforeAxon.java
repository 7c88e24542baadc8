package dev.calibrate.app.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * db-scheduler's part of a node's shutdown (docs/operations.md, "Rolling restart"), in two steps.
 * <p>
 * It pauses as soon as the context starts closing (the {@link ContextClosedEvent}, before any lifecycle
 * stops): from then on its polls fetch no task, so a task that falls due while the web server drains waits in
 * {@code scheduled_tasks} for another node's poll. The pause is not a hard stop: executions a poll fetched
 * before it (up to three times the threads) may still start here, since db-scheduler checks only for its stop
 * before starting one; they are cut by the stop like any running task. A price change run checks the pause
 * itself ({@code PriceChangeRuns}), so it hands over at once, before its first chunk or at its next one. Running
 * tasks go on, and heartbeats with them, so no other node takes them for dead.
 * <p>
 * It stops while Axon still serves its tasks. On SIGTERM Spring stops lifecycles from the highest
 * phase down: the web server drains its requests ({@code Integer.MAX_VALUE - 1024}) and stops
 * ({@code - 2048}), then Axon's whole configuration stops ({@code - 3072}), its command handlers with it;
 * db-scheduler stops only when its bean is destroyed, after every lifecycle. A price change run still
 * writing then found no handler for its commands, and failed (an attempt spent, retried after the backoff)
 * instead of stopping between chunks and leaving the run to another node at once. Stopping the scheduler
 * in between lets running tasks end (for at most {@code db-scheduler.shutdown-max-wait}) with Axon up. (Its
 * own stop, when the bean is destroyed, then only logs that it is already stopping.)
 */
@Component
class SchedulerStopsBeforeAxon implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(SchedulerStopsBeforeAxon.class);

    /** After the web server's stop, before Axon's configuration ({@code SpringAxonConfiguration}). */
    static final int PHASE = Integer.MAX_VALUE - 2560;

    private final ObjectProvider<Scheduler> scheduler;
    private final ApplicationContext context;
    private volatile boolean running;

    SchedulerStopsBeforeAxon(ObjectProvider<Scheduler> scheduler, ApplicationContext context) {
        this.scheduler = scheduler;
        this.context = context;
    }

    /** Before the readiness grace ({@code ReadinessGrace}), which waits on the same event. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent closing) {
        Scheduler pausing = scheduler.getIfAvailable();
        // a child context's close (one reaches its parent's listeners too) is not this node's
        if (pausing != null && closing.getApplicationContext() == context) {
            pausing.pause();
            log.info("db-scheduler paused for shutdown: it fetches no more tasks on this node");
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        Scheduler stopping = scheduler.getIfAvailable();
        if (stopping != null) {
            stopping.stop();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
