package dev.calibrate.app.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.calibrate.app.support.SchedulerDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that starts closing fetches no new task while its web server drains: a task that falls due then
 * waits in the table, and another node runs it. (One its poll fetched before the pause may still start; not
 * shown here.) The closing node is a context with the scheduler and
 * {@link SchedulerStopsBeforeAxon} alone; the drain (readiness grace and web server) is a listener that
 * waits on the same close, as {@code ReadinessGrace} does, after scheduling the task due at once through
 * the closing node's own client (with immediate execution on, as in application.yml). Both nodes poll every
 * 100 ms, on a table of their own on the embedded PostgreSQL.
 */
class SchedulerPausesOnCloseTest {

    static final Duration DRAIN = Duration.ofMillis(1500);
    static final Duration POLL = Duration.ofMillis(100);

    final SchedulerDatabase database = new SchedulerDatabase();
    final String table = database.table("pause_test_tasks");
    /** Instance id to the scheduler that ran it. */
    final Map<String, String> ranBy = new ConcurrentHashMap<>();
    final List<String> dueDuringDrain = new CopyOnWriteArrayList<>();
    final OneTimeTask<Void> task = Tasks.oneTime("drain-test").execute((instance, context) ->
            ranBy.put(instance.getId(), context.getExecution().pickedBy));
    Scheduler next;

    @AfterEach
    void stop() {
        if (next != null) {
            next.stop();
        }
        database.close();
    }

    @Test
    void aTaskDueWhileTheNodeDrainsIsRunByAnotherNode() throws Exception {
        Scheduler closing = scheduler("closing");
        GenericApplicationContext node = new GenericApplicationContext();
        node.registerBean(Scheduler.class, () -> closing);
        node.registerBean(SchedulerStopsBeforeAxon.class,
                () -> new SchedulerStopsBeforeAxon(node.getBeanProvider(Scheduler.class), node));
        node.registerBean(Drain.class, () -> new Drain(closing, task, dueDuringDrain));
        node.refresh();
        closing.start();
        closing.schedule(task.instance("before"), Instant.now());
        awaitRun("before");
        assertThat(ranBy).containsEntry("before", "closing");

        node.close();

        assertThat(dueDuringDrain).as("scheduled during the drain").containsExactly("during");
        assertThat(ranBy).as("the closing node started nothing once closing").doesNotContainKey("during");
        next = scheduler("next");
        next.start();
        awaitRun("during");
        assertThat(ranBy).containsEntry("during", "next");
    }

    private Scheduler scheduler(String name) {
        return Scheduler.create(database.dataSource(), task)
                .tableName(table)
                .schedulerName(new SchedulerName.Fixed(name))
                .pollingInterval(POLL)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(1))
                .threads(2)
                .build();
    }

    private void awaitRun(String instance) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ranBy.containsKey(instance) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(ranBy).as("ran within 20 s").containsKey(instance);
    }

    /** The web server's drain, for this test: a task falls due, and the node keeps closing for a while. */
    record Drain(Scheduler closing, OneTimeTask<Void> task, List<String> scheduled)
            implements ApplicationListener<ContextClosedEvent>, Ordered {

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void onApplicationEvent(ContextClosedEvent event) {
            closing.schedule(task.instance("during"), Instant.now());
            scheduled.add("during");
            try {
                Thread.sleep(DRAIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
