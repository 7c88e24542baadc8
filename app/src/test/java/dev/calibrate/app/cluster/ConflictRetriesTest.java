package dev.calibrate.app.cluster;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures a command is sent again after, how often, and when never. */
class ConflictRetriesTest {

    private final ConflictRetries retries = new ConflictRetries(3, Duration.ofMillis(1));
    private final CommandMessage<?> command = GenericCommandMessage.asCommandMessage("update");

    @AfterEach
    void close() {
        retries.close();
    }

    @Test
    void aCommandThatLostARaceIsSentAgain() throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(1);
        assertThat(retries.scheduleRetry(command, new ConcurrencyException("seq 4 taken"), failures(1), sent::countDown))
                .isTrue();
        assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theRetryLogsUnderTheRequestsIdOnItsOwnThread() throws InterruptedException {
        AtomicReference<String> requestId = new AtomicReference<>();
        CountDownLatch sent = new CountDownLatch(1);
        MDC.put("requestId", "req-42");
        try {
            retries.scheduleRetry(command, new ConcurrencyException("taken"), failures(1), () -> {
                requestId.set(MDC.get("requestId"));
                sent.countDown();
            });
        } finally {
            MDC.clear();
        }
        assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(requestId.get()).isEqualTo("req-42");
    }

    @Test
    void noWaitBetweenTwoTriesIsLongerThanASecond() throws InterruptedException {
        // a 1 s backoff doubled 16 times would be 18 hours
        try (ConflictRetries slow = new ConflictRetries(20, Duration.ofSeconds(1))) {
            CountDownLatch sent = new CountDownLatch(1);
            long start = System.nanoTime();
            assertThat(slow.scheduleRetry(command, new ConcurrencyException("taken"), failures(17), sent::countDown))
                    .isTrue();
            assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
        }
    }

    @Test
    void closingSendsTheRetriesAlreadyScheduled() throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(1);
        ConflictRetries closing = new ConflictRetries(3, Duration.ofMillis(200));
        assertThat(closing.scheduleRetry(command, new ConcurrencyException("taken"), failures(1), sent::countDown))
                .isTrue();
        closing.close();
        assertThat(sent.await(0, TimeUnit.SECONDS)).as("sent before close returned").isTrue();
    }

    @Test
    void aRaceToCreateTheAggregateAndARaceReportedAsACauseCountToo() {
        assertThat(ConflictRetries.lostRace(new AggregateStreamCreationException("created meanwhile"))).isTrue();
        assertThat(ConflictRetries.lostRace(new CommandExecutionException("failed", new ConcurrencyException("taken"))))
                .isTrue();
    }

    @Test
    void afterTheLastRetryTheCallerGetsTheConflict() {
        assertThat(retries.scheduleRetry(command, new ConcurrencyException("taken"), failures(3), () -> { })).isTrue();
        assertThat(retries.scheduleRetry(command, new ConcurrencyException("taken"), failures(4), () -> { })).isFalse();
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        assertThat(retries.scheduleRetry(command, new IllegalStateException("refused by the aggregate"), failures(1),
                () -> { })).isFalse();
        assertThat(retries.scheduleRetry(command, new RuntimeException("database down"), failures(1), () -> { }))
                .isFalse();
    }

    @Test
    void aCommandInsideTheCallersTransactionIsLeftToTheCaller() {
        TransactionSynchronizationManager.setActualTransactionActive(true);
        try {
            assertThat(retries.scheduleRetry(command, new ConcurrencyException("taken"), failures(1), () -> { }))
                    .isFalse();
        } finally {
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>[]> failures(int count) {
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            failures.add(new Class[]{ConcurrencyException.class});
        }
        return failures;
    }
}
