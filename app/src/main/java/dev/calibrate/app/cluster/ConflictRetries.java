package dev.calibrate.app.cluster;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends a command again when it lost a race for its aggregate: on one node Axon's aggregate lock makes
 * commands on one aggregate wait for each other, but two nodes both load version n and both append n + 1,
 * and the event store's unique key refuses the second ({@link ConcurrencyException}; a creation race is an
 * {@link AggregateStreamCreationException}). The command is sent again, so it loads the aggregate with the
 * winner's events and decides anew; after {@code retries} losses the caller gets the 409.
 * <p>
 * Nothing else is retried: a refusal of the aggregate (a domain exception), a timeout or a database outage
 * answers as it did. Nor is a command sent inside the caller's own transaction (a price change run's chunk, which
 * records its items' outcomes in it): its unit of work joined that transaction, which the refused insert has
 * aborted, and a retry on another thread would commit the events without the caller's writes. Such a caller
 * handles the race itself (a chunk is written again item by item; a run is retried).
 */
final class ConflictRetries implements RetryScheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConflictRetries.class);
    private static final long LONGEST_WAIT_MILLIS = 1_000;

    private final ScheduledExecutorService executor;
    private final int retries;
    private final long backoffMillis;

    ConflictRetries(int retries, Duration backoff) {
        // waits out the backoffs; a retry is sent from here too (a command is short)
        this.executor = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "command-conflict-retry");
            thread.setDaemon(true);
            return thread;
        });
        this.retries = retries;
        this.backoffMillis = Math.max(1, backoff.toMillis());
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (!lostRace(lastFailure) || failures.size() > retries
                || TransactionSynchronizationManager.isActualTransactionActive()) {
            return false;
        }
        // doubling, but never more than a second between two tries: the caller is waiting
        long wait = Math.min(LONGEST_WAIT_MILLIS, backoffMillis << Math.min(failures.size() - 1, 16));
        long jittered = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
        log.debug("{} lost a race for its aggregate ({} so far); sending it again in {} ms",
                commandMessage.getPayloadType().getSimpleName(), failures.size(), jittered);
        // the request's logging context (request id, tenant) goes with the command to the retry's thread
        Map<String, String> logging = MDC.getCopyOfContextMap();
        Runnable dispatch = () -> {
            if (logging != null) {
                MDC.setContextMap(logging);
            }
            try {
                commandDispatch.run();
            } finally {
                MDC.clear();
            }
        };
        try {
            executor.schedule(dispatch, jittered, TimeUnit.MILLISECONDS);
            return true;
        } catch (RuntimeException shuttingDown) {
            return false;
        }
    }

    /** Lets the retries already scheduled be sent (their callers wait for them), then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(LONGEST_WAIT_MILLIS * 2, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }
}
