package dev.calibrate.app.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stops db-scheduler while Axon still serves its tasks. On SIGTERM Spring stops lifecycles from the highest
 * phase down: the web server drains its requests ({@code Integer.MAX_VALUE - 1024}) and stops
 * ({@code - 2048}), then Axon's whole configuration stops ({@code - 3072}), its command handlers with it;
 * db-scheduler stops only when its bean is destroyed, after every lifecycle. A price change run still
 * writing then found no handler for its commands, and failed (an attempt spent, retried after the backoff)
 * instead of stopping between chunks and leaving the run to another node at once. Stopping the scheduler
 * in between lets running tasks end (for at most {@code db-scheduler.shutdown-max-wait}) with Axon up. (Its
 * own stop, when the bean is destroyed, then only logs that it is already stopping.)
 */
@Component
class SchedulerStopsBeforeAxon implements SmartLifecycle {

    /** After the web server's stop, before Axon's configuration ({@code SpringAxonConfiguration}). */
    static final int PHASE = Integer.MAX_VALUE - 2560;

    private final ObjectProvider<Scheduler> scheduler;
    private volatile boolean running;

    SchedulerStopsBeforeAxon(ObjectProvider<Scheduler> scheduler) {
        this.scheduler = scheduler;
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
