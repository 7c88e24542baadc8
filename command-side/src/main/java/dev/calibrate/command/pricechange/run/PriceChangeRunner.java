package dev.calibrate.command.pricechange.run;

import dev.calibrate.command.pricechange.JdbcPreviewStore;
import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.command.pricechange.JdbcPreviewStore.Pending;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FinishPriceChangeRun;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.work.Foreground;
import dev.calibrate.kernel.work.WorkerLanes;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Applies (or rolls back) a price change product by product. Items go in chunks ({@link RunChunks}),
 * several written at once on lanes of their own, each by {@link RunChunkWriter}: one command per chunk
 * decided set-wise on the products' streams read in one query, one event per product; one transaction
 * per chunk holding both the products' events and the items' outcomes, so a run that stops midway (a
 * crash, a restart) resumes with exactly the items it had not done; a product refuses a second write
 * for the same change as a further guard. The apply keeps, per item, the price it replaced; the rollback puts
 * that back. When every item has its outcome, the run tells the PriceChange aggregate. Whether the
 * tenant enforces MAP is read when the run starts (or resumes): the products then refuse a price below
 * the brand floor in force at the write's instant. While the node's requests are busy ({@link Foreground}), a
 * chunk waits a moment before it goes ({@link RunChunks#giveWay()}): the requests then have the cores and the
 * database the chunk would have taken.
 */
@Component
public class PriceChangeRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PriceChangeRunner.class);
    /** How often a chunk giving way asks whether the requests are still busy. */
    private static final long GIVE_WAY_STEP_MILLIS = 10;

    private final JdbcPreviewStore items;
    private final CommandGateway commands;
    private final RunChunkWriter writer;
    private final RunChunks chunks;
    private final WorkerLanes lanes;
    private final TenantPolicies policies;
    private final Foreground foreground;

    PriceChangeRunner(JdbcPreviewStore items, CommandGateway commands, PlatformTransactionManager transactionManager,
                      RunChunks chunks, TenantPolicies policies, Foreground foreground) {
        this.items = items;
        this.policies = policies;
        this.foreground = foreground;
        this.commands = commands;
        this.writer = new RunChunkWriter(items, commands, new TransactionTemplate(transactionManager));
        this.chunks = chunks;
        // lanes never race each other: a preview has one item per product (a rule prices one currency),
        // so no two chunks share a product
        this.lanes = WorkerLanes.of("price-change-run", chunks.lanes(), WorkerLanes.OnClose.FINISH_SUBMITTED);
    }

    @Override
    public void destroy() {
        lanes.close();
    }

    /**
     * Thrown between chunks when the node shuts down, or once the lanes have ended when the scheduler's stop
     * interrupted the run, so the scheduler keeps the run for later: a stop, never a failed attempt. No stack
     * trace: db-scheduler logs it as a failure at WARN, and where it was thrown says nothing.
     */
    static final class RunInterrupted extends RuntimeException {
        RunInterrupted(PriceChangeId id) {
            super("run of price change " + id + " stopped for shutdown; it resumes where it stopped", null, false, false);
        }
    }

    /**
     * Runs until every item has its outcome, or until {@code stopping} says the node shuts down (or the
     * thread is interrupted), then throws {@link RunInterrupted} once the chunks being written have ended. The
     * lanes never wait for each other: a chunk (the next pending items after the last one sent, read
     * by the primary key, never scanning the done ones again) goes to a lane as soon as it is free, while
     * the others write, so at most {@code lanes} chunks are held at once, and one more read ahead while
     * they write. A pass that found work is followed by one more from the start, which finds nothing
     * unless an item was left over.
     */
    public void run(TenantId tenantId, PriceChangeId id, RunKind kind, Actor actor, BooleanSupplier stopping) {
        MetaData metadata = MetaData.with(MetadataKeys.ACTOR, actor.id())
                .and(MetadataKeys.CORRELATION_ID, id.toString());
        boolean enforceMap = policies.of(tenantId).enforceMap();
        AtomicLong gaveWay = new AtomicLong();
        boolean sent;
        do {
            sent = pass(tenantId, id, kind, enforceMap, metadata, stopping, gaveWay);
        } while (sent);
        int[] counts = items.counts(id, kind);
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                new FinishPriceChangeRun(id, tenantId, kind, counts[0], counts[1])).andMetaData(metadata));
        log.info("Price change {} {}: {} written, {} not; gave way to requests for {} ms", id,
                kind == RunKind.APPLY ? "applied" : "rolled back", counts[0], counts[1],
                TimeUnit.NANOSECONDS.toMillis(gaveWay.get()));
    }

    /**
     * Sends every pending item once, in seq order, a chunk to each free lane; answers whether it sent
     * any. Returns (or throws the first lane's failure) only once every lane it started has finished,
     * so the next pass never reads an item a lane is still writing.
     */
    private boolean pass(TenantId tenantId, PriceChangeId id, RunKind kind, boolean enforceMap, MetaData metadata,
                         BooleanSupplier stopping, AtomicLong gaveWay) {
        Semaphore free = new Semaphore(chunks.lanes());
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Future<?>> running = new ArrayList<>();
        boolean sent = false;
        try {
            int after = JdbcPreviewStore.FROM_START;
            while (failure.get() == null) {
                if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    throw new RunInterrupted(id);
                }
                // read while the lanes write: the next chunk is ready when a lane frees
                List<Pending> chunk = items.pending(id, kind, after, chunks.size());
                if (chunk.isEmpty()) {
                    break;
                }
                sent = true;
                after = chunk.get(chunk.size() - 1).seq();
                if (!acquire(free)) {
                    throw new RunInterrupted(id);
                }
                if (!giveWay(stopping, gaveWay)) {
                    free.release();
                    throw new RunInterrupted(id);
                }
                if (failure.get() != null) {
                    free.release(); // a lane failed while this chunk waited: the run is retried, this chunk with it
                    break;
                }
                running.removeIf(Future::isDone);
                try {
                    running.add(lanes.submit(() -> {
                        try {
                            writer.write(tenantId, id, kind, enforceMap, metadata, chunk);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            free.release();
                        }
                    }));
                } catch (RuntimeException notTaken) {
                    free.release();
                    throw notTaken;
                }
            }
        } finally {
            awaitAll(running);
        }
        if (Thread.currentThread().isInterrupted()) {
            // the scheduler gave up waiting and interrupted the run: a stop, whatever a chunk met meanwhile
            if (failure.get() != null) {
                log.info("Price change {} stopped for shutdown; a chunk had failed meanwhile ({}), it is tried again"
                        + " when the run resumes", id, failure.get().toString());
            }
            throw new RunInterrupted(id);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return sent;
    }

    /**
     * While the node's requests are busy, the next chunk waits, at most {@link RunChunks#giveWay()}, so that a
     * run under steady load still goes on, a chunk per wait; the time waited is added to {@code gaveWay}. False
     * when the node stops meanwhile or the thread was interrupted (the interrupt kept).
     */
    private boolean giveWay(BooleanSupplier stopping, AtomicLong gaveWay) {
        if (chunks.giveWay().isZero() || !foreground.busy()) {
            return true;
        }
        long began = System.nanoTime();
        long until = began + chunks.giveWay().toNanos();
        try {
            do {
                if (stopping.getAsBoolean()) {
                    return false;
                }
                Thread.sleep(GIVE_WAY_STEP_MILLIS);
            } while (System.nanoTime() < until && foreground.busy());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            gaveWay.addAndGet(System.nanoTime() - began);
        }
    }

    /**
     * Waits for a free lane; false when the thread was interrupted (the scheduler's stop gave up waiting
     * for the run), with the interrupt kept, so that the run stops once its lanes have ended.
     */
    private static boolean acquire(Semaphore free) {
        try {
            free.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits for every lane, so no lane is left running unobserved, and no next pass (or the run on another
     * node) reads an item a lane is still writing. An interrupt (db-scheduler's stop, after
     * {@code shutdown-max-wait}) does not end the wait: a chunk is one transaction, seconds at most, and the
     * run stops once it has ended; the interrupt is kept for the caller. The lanes report their chunks'
     * failures themselves, so what arrives here is an error outside a chunk, thrown once all have ended.
     */
    private static void awaitAll(List<Future<?>> running) {
        Throwable failure = null;
        boolean interrupted = false;
        for (Future<?> lane : running) {
            while (true) {
                try {
                    lane.get();
                    break;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("a lane of a price change run failed outside its chunk", failure);
        }
    }
}
