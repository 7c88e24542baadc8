package dev.calibrate.command.pricechange;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads every preview of this node evaluates its rule and encodes its rows on, at most
 * {@link PreviewLimits#threads()} at once however many previews run (the JVM's common pool is
 * shared with everything else, and would let previews take it all). A parallel stream started in
 * {@link #run} runs on these threads.
 */
@Component
public class PreviewPool implements DisposableBean {

    private final ForkJoinPool pool;

    PreviewPool(PreviewLimits limits) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ForkJoinPool(limits.threads(), forkJoin -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(forkJoin);
            thread.setName("preview-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, null, false);
    }

    /** Runs {@code work} on the pool and waits for it; its exceptions are thrown as they were. */
    <T> T run(Supplier<T> work) {
        // not pool.submit: a ForkJoinTask rethrows a copy of what failed, not the exception itself
        CompletableFuture<T> task = CompletableFuture.supplyAsync(work, pool);
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a preview ran", e);
        }
    }

    Executor executor() {
        return pool;
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
