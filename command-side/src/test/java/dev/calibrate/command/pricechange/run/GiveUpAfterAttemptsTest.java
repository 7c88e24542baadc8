package dev.calibrate.command.pricechange.run;

import com.github.kagkarlsson.scheduler.TaskRepository;
import com.github.kagkarlsson.scheduler.event.SchedulerListeners;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.calibrate.command.pricechange.run.PriceChangeRunner.RunInterrupted;
import dev.calibrate.command.pricechange.run.PriceChangeRuns.GiveUpAfterAttempts;
import dev.calibrate.command.pricechange.run.PriceChangeRuns.RunOrder;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** When a failed or interrupted run is due again. */
class GiveUpAfterAttemptsTest {

    static final Instant STARTED = Instant.parse("2026-12-05T23:00:00Z");
    static final Instant DONE = STARTED.plusSeconds(3);
    static final PriceChangeId CHANGE = new PriceChangeId(UUID.randomUUID());
    // no command is sent on these paths: only a run failing its last attempt tells the change
    final GiveUpAfterAttempts handler = new GiveUpAfterAttempts(new RunAttempts(5, Duration.ofSeconds(30)), null);
    final List<Instant> rescheduledTo = new ArrayList<>();

    @Test
    void aRunStoppedForShutdownIsDueAgainAtOnceSoAnotherNodeGoesOnWithIt() {
        fail(0, new RunInterrupted(CHANGE));

        assertThat(rescheduledTo).containsExactly(DONE);
    }

    @Test
    void aRunStoppedForShutdownAfterFailuresIsStillDueAtOnceAndNotGivenUp() {
        fail(4, new RunInterrupted(CHANGE));

        assertThat(rescheduledTo).containsExactly(DONE);
    }

    @Test
    void aFailedRunWaitsTheBackoff() {
        fail(0, new IllegalStateException("the database went away"));

        assertThat(rescheduledTo).containsExactly(DONE.plusSeconds(30));
    }

    private void fail(int earlierFailures, RuntimeException cause) {
        TaskInstance<RunOrder> instance = new TaskInstance<>(PriceChangeRuns.TASK.getTaskName(), CHANGE + ":APPLY",
                new RunOrder(UUID.randomUUID().toString(), "APPLY", "alice", 0));
        Execution execution = new Execution(STARTED, instance, true, "node-a", null,
                earlierFailures > 0 ? STARTED.minusSeconds(60) : null, earlierFailures, STARTED, 1);
        handler.onFailure(ExecutionComplete.failure(execution, STARTED, DONE, cause),
                new ExecutionOperations<>(repository(), SchedulerListeners.NOOP, execution));
    }

    /** Records where executions are rescheduled to; nothing else is expected of it. */
    private TaskRepository repository() {
        return (TaskRepository) Proxy.newProxyInstance(TaskRepository.class.getClassLoader(),
                new Class<?>[]{TaskRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("reschedule")) {
                        rescheduledTo.add((Instant) args[1]);
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
