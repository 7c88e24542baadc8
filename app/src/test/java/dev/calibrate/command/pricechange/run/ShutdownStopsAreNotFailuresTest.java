package dev.calibrate.command.pricechange.run;

import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.SystemClock;
import com.github.kagkarlsson.scheduler.TaskResolver;
import com.github.kagkarlsson.scheduler.event.SchedulerListeners;
import com.github.kagkarlsson.scheduler.jdbc.JdbcTaskRepository;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.calibrate.app.CalibrateApplication;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.command.pricechange.run.PriceChangeRunner.RunInterrupted;
import dev.calibrate.command.pricechange.run.PriceChangeRuns.GiveUpAfterAttempts;
import dev.calibrate.command.pricechange.run.PriceChangeRuns.RunOrder;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run stopped for a shutdown is not a failure, however often it happens: db-scheduler's own
 * repository on the application's PostgreSQL counts each stop as a failure, and the run's order takes
 * them off again. The executions are due in 2100, so the application's scheduler never picks them.
 */
@ContextConfiguration(classes = CalibrateApplication.class) // found by search from dev.calibrate.app otherwise
class ShutdownStopsAreNotFailuresTest extends IntegrationTest {

    static final Instant START = Instant.parse("2100-01-01T00:00:00Z");
    final PriceChangeId change = new PriceChangeId(UUID.randomUUID());
    final String instanceId = change + ":APPLY";
    // no command is sent on these paths: only a run failing its last attempt tells the change
    final GiveUpAfterAttempts handler = new GiveUpAfterAttempts(new RunAttempts(3, Duration.ofSeconds(30)), null);

    @Autowired
    DataSource dataSource;

    JdbcTaskRepository repository;

    @AfterEach
    void removeTheExecution() {
        repository.getExecution(PriceChangeRuns.TASK.getTaskName(), instanceId).ifPresent(repository::remove);
    }

    @Test
    void fourStopsThenATransientFailureIsRetriedAfterTheFirstBackoff() {
        schedule();
        Instant at = START;
        for (int stop = 1; stop <= 4; stop++) {
            at = fail(at, new RunInterrupted(change));
            Execution due = stored();
            assertThat(due.executionTime).as("due again at once after stop %d", stop).isEqualTo(at);
            assertThat(due.consecutiveFailures).as("db-scheduler counts the stop").isEqualTo(stop);
            assertThat(((RunOrder) due.taskInstance.getData()).stops()).isEqualTo(stop);
        }

        Instant done = fail(at, new IllegalStateException("the database went away"));

        Execution retried = stored();
        assertThat(retried.picked).isFalse();
        assertThat(retried.executionTime).as("the first failure's backoff").isEqualTo(done.plusSeconds(30));
        assertThat(GiveUpAfterAttempts.failures(retried.consecutiveFailures, (RunOrder) retried.taskInstance.getData()))
                .as("the next failure is the second of three attempts").isEqualTo(2);
    }

    @Test
    void stopsBetweenFailuresNeitherLengthenTheBackoffNorBringTheLastAttemptCloser() {
        schedule();
        Instant at = fail(START, new IllegalStateException("first"));
        assertThat(stored().executionTime).isEqualTo(at.plusSeconds(30));
        at = fail(stored().executionTime, new RunInterrupted(change));
        at = fail(at, new RunInterrupted(change));

        Instant done = fail(at, new IllegalStateException("second"));

        Execution retried = stored();
        assertThat(retried.executionTime).as("the second failure's backoff").isEqualTo(done.plusSeconds(60));
        assertThat(retried.consecutiveFailures).isEqualTo(4);
    }

    private void schedule() {
        repository = new JdbcTaskRepository(dataSource, false, "scheduled_tasks",
                new TaskResolver(SchedulerListeners.NOOP, new SystemClock(),
                        List.of(Tasks.oneTime(PriceChangeRuns.TASK).execute((instance, context) -> { }))),
                new SchedulerName.Fixed("stops-test"), false, new SystemClock());
        assertThat(repository.createIfNotExists(PriceChangeRuns.TASK.instance(instanceId)
                .data(new RunOrder(UUID.randomUUID().toString(), "APPLY", "alice", 0))
                .scheduledTo(START))).isTrue();
    }

    /** Picks the execution at {@code at} as a node would, fails it 3 s later and hands it over; when it was done. */
    private Instant fail(Instant at, RuntimeException cause) {
        Execution picked = repository.pick(stored(), at).orElseThrow();
        Instant done = at.plusSeconds(3);
        handler.onFailure(ExecutionComplete.failure(picked, at, done, cause),
                new ExecutionOperations<>(repository, SchedulerListeners.NOOP, picked));
        return done;
    }

    private Execution stored() {
        return repository.getExecution(PriceChangeRuns.TASK.getTaskName(), instanceId).orElseThrow();
    }
}
