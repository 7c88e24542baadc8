package dev.calibrate.command.pricechange.run;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.calibrate.app.support.SchedulerDatabase;
import dev.calibrate.command.pricechange.JdbcPreviewStore;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Pending;
import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.command.pricechange.run.PriceChangeRuns.GiveUpAfterAttempts;
import dev.calibrate.command.pricechange.run.PriceChangeRuns.RunOrder;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FinishPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcomes;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteResult;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrices;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.PlatformTransactionManager;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A price change run still writing a chunk when db-scheduler's stop gives up waiting
 * ({@code shutdown-max-wait}) and interrupts it is stopped, not failed: the run waits for its chunk, ends as
 * stopped for shutdown, spends no attempt and waits no backoff, and another node resumes it at once. So is one
 * on a node whose shutdown has just begun (its scheduler paused), without waiting for the stop. The real
 * run task and runner on a db-scheduler table of their own on the embedded PostgreSQL; the items and the
 * command bus are stand-ins, the chunk's command held until the stopping node's scheduler has interrupted it.
 */
class RunStoppedAfterMaxWaitTest {

    static final Duration MAX_WAIT = Duration.ofMillis(300);
    static final Duration BACKOFF = Duration.ofSeconds(30);

    final SchedulerDatabase database = new SchedulerDatabase();
    final String table = database.table("run_stop_test_tasks");
    final PriceChangeId change = new PriceChangeId(UUID.randomUUID());
    final TaskInstanceId instance = TaskInstanceId.of(PriceChangeRuns.TASK.getTaskName(), change + ":APPLY");
    final CountDownLatch chunkWriting = new CountDownLatch(1);
    final CountDownLatch chunkMayEnd = new CountDownLatch(1);
    final List<FinishPriceChangeRun> finished = new CopyOnWriteArrayList<>();
    final CountDownLatch readAheadWaiting = new CountDownLatch(1);
    final CountDownLatch readInterrupted = new CountDownLatch(1);
    final AtomicInteger reads = new AtomicInteger();
    volatile boolean readAheadThrowsOnInterrupt;
    final OneTimeTask<RunOrder> task = runTask();
    Scheduler resuming;

    @AfterEach
    void stop() {
        chunkMayEnd.countDown();
        if (resuming != null) {
            resuming.stop();
        }
        database.close();
    }

    @Test
    void aRunInterruptedMidChunkIsStoppedNotFailedAndResumesAtOnceElsewhere() throws Exception {
        Scheduler stopping = startWritingTheRun();

        long stopped = System.nanoTime();
        stopping.stop(); // waits max-wait, interrupts the run, waits max-wait again, and gives up
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("the scheduler's stop gave up")
                .isGreaterThanOrEqualTo(MAX_WAIT);
        stillWaitingForItsChunk();
        chunkMayEnd.countDown();

        stoppedOnceThenResumedElsewhere();
    }

    /**
     * The interrupt lands in a read of the next items, whose connection borrow throws for it (HikariCP answers an
     * interrupted wait for a connection with an SQLException, the interrupt kept): still a stop, not a failure.
     */
    @Test
    void aRunInterruptedWhileReadingItsItemsIsStoppedNotFailed() throws Exception {
        readAheadThrowsOnInterrupt = true;
        Scheduler stopping = startWritingTheRun();
        assertThat(readAheadWaiting.await(20, TimeUnit.SECONDS)).as("the run reads ahead while its chunk is written")
                .isTrue();

        stopping.stop();
        assertThat(readInterrupted.await(20, TimeUnit.SECONDS)).as("the read ahead was interrupted").isTrue();
        stillWaitingForItsChunk();
        chunkMayEnd.countDown();

        stoppedOnceThenResumedElsewhere();
    }

    /** The stop gave up, yet the run still waits for its chunk: its execution is still picked, not rescheduled. */
    private void stillWaitingForItsChunk() throws InterruptedException {
        Thread.sleep(MAX_WAIT.toMillis());
        ScheduledExecution<Object> held = client().getScheduledExecution(instance).orElseThrow();
        assertThat(held.isPicked()).as("picked while its chunk is written").isTrue();
        assertThat(((RunOrder) held.getData()).stops()).as("not yet stopped").isZero();
        assertThat(held.getConsecutiveFailures()).isZero();
    }

    /** The node's shutdown started (its scheduler paused while its web server drains): the run hands over at once. */
    @Test
    void aRunOnAPausedNodeStopsAfterItsChunkAndResumesAtOnceElsewhere() throws Exception {
        Scheduler stopping = startWritingTheRun();
        try {
            stopping.pause();
            chunkMayEnd.countDown();

            stoppedOnceThenResumedElsewhere();
        } finally {
            stopping.stop();
        }
    }

    private Scheduler startWritingTheRun() throws InterruptedException {
        Scheduler stopping = scheduler("stopping");
        stopping.start();
        stopping.schedule(task.instance(instance.getId(), new RunOrder(UUID.randomUUID().toString(), "APPLY", "alice", 0)),
                Instant.now());
        assertThat(chunkWriting.await(20, TimeUnit.SECONDS)).as("the run started writing its chunk").isTrue();
        return stopping;
    }

    private void stoppedOnceThenResumedElsewhere() throws InterruptedException {
        ScheduledExecution<Object> after = await(execution -> !execution.isPicked());
        RunOrder order = (RunOrder) after.getData();
        assertThat(order.stops()).as("stopped once for shutdown").isEqualTo(1);
        assertThat(after.getConsecutiveFailures()).as("db-scheduler's count, which the stop takes off again")
                .isEqualTo(order.stops());
        assertThat(GiveUpAfterAttempts.failures(after.getConsecutiveFailures(), order))
                .as("a failure now would be the first of three attempts").isEqualTo(1);
        assertThat(after.getExecutionTime()).as("due at once, not after the %s backoff", BACKOFF)
                .isBefore(Instant.now().plus(BACKOFF.dividedBy(2)));
        assertThat(finished).as("not finished on the stopping node").isEmpty();

        resuming = scheduler("resuming");
        resuming.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (client().getScheduledExecution(instance).isPresent() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(client().getScheduledExecution(instance)).as("the resumed run completed").isEmpty();
        assertThat(finished).hasSize(1);
        assertThat(finished.get(0).id()).isEqualTo(change);
    }

    /** The run task as the application builds it, over a runner whose items and command bus are stand-ins. */
    private OneTimeTask<RunOrder> runTask() {
        JdbcPreviewStore items = mock(JdbcPreviewStore.class);
        Pending item = new Pending(1, new ProductId(UUID.randomUUID()), "EUR", new BigDecimal("10.00"), null,
                new BigDecimal("11.00"), null, null, null, null);
        // the first read finds the one item; every later one (the stopping node's, the resuming node's) none; or
        // the stopping node's read ahead, while its chunk is written, waits for the interrupt and throws for it
        when(items.pending(eq(change), eq(RunKind.APPLY), anyInt(), anyInt())).thenAnswer(invocation -> {
            int read = reads.incrementAndGet();
            if (read == 1) {
                return List.of(item);
            }
            if (read == 2 && readAheadThrowsOnInterrupt) {
                readAheadWaiting.countDown();
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    readInterrupted.countDown();
                    throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                            new SQLException("Interrupted during connection acquisition", "08001"));
                }
            }
            return List.of();
        });
        when(items.counts(change, RunKind.APPLY)).thenReturn(new int[]{1, 0});
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.sendAndWait(any())).thenAnswer(invocation -> {
            Object payload = ((CommandMessage<?>) invocation.getArgument(0)).getPayload();
            if (payload instanceof SetProductPrices) {
                chunkWriting.countDown();
                awaitUninterruptibly(chunkMayEnd); // a command bus does not give up for an interrupt of another thread
                return new PriceWriteOutcomes(List.of(new PriceWriteOutcome(PriceWriteResult.WRITTEN, null)));
            }
            finished.add((FinishPriceChangeRun) payload);
            return null;
        });
        PriceChangeRunner runner = new PriceChangeRunner(items, commands, mock(PlatformTransactionManager.class),
                new RunChunks(50, 1, Duration.ZERO), mock(TenantPolicies.class, RETURNS_DEEP_STUBS), () -> false);
        return PriceChangeRuns.priceChangeRunTask(runner, commands, new RunAttempts(3, BACKOFF));
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Scheduler scheduler(String name) {
        return Scheduler.create(database.dataSource(), task)
                .tableName(table)
                .schedulerName(new SchedulerName.Fixed(name))
                .pollingInterval(Duration.ofMillis(100))
                .shutdownMaxWait(MAX_WAIT)
                .threads(2)
                .build();
    }

    private SchedulerClient client() {
        return SchedulerClient.Builder.create(database.dataSource(), task).tableName(table).build();
    }

    private ScheduledExecution<Object> await(Predicate<ScheduledExecution<Object>> condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            Optional<ScheduledExecution<Object>> execution = client().getScheduledExecution(instance);
            if (execution.isPresent() && condition.test(execution.get())) {
                return execution.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run's execution did not reach the expected state within 20 s: "
                + client().getScheduledExecution(instance));
    }
}
