package dev.calibrate.kernel.work;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded set of named worker threads for work a node splits into lanes (chunks of a catalog ingest,
 * shops of a write-back round). The threads are daemons, so a lane never keeps a stopping JVM alive, and
 * are named {@code <name>-1}, {@code <name>-2}, ... so a thread dump says whose they are. Each lane holds
 * a database connection while it works, which is why their number is fixed and small.
 */
public final class WorkerLanes implements AutoCloseable {

    /** What closing does with work already handed to the lanes. */
    public enum OnClose {
        /** Work already submitted runs to its end; nothing new is taken. */
        FINISH_SUBMITTED,
        /** Running work is interrupted and queued work dropped: for work that is safe to do again later. */
        INTERRUPT
    }

    private final String name;
    private final int size;
    private final OnClose onClose;
    private final ExecutorService threads;

    private WorkerLanes(String name, int size, OnClose onClose) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("worker lanes need a name for their threads");
        }
        if (size < 1) {
            throw new IllegalArgumentException("worker lanes " + name + " need at least one lane, not " + size);
        }
        this.name = name;
        this.size = size;
        this.onClose = onClose;
        AtomicInteger started = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(size, task -> {
            Thread thread = new Thread(task, name + "-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@code size} lanes whose threads are named {@code name-N}; closing does what {@code onClose} says. */
    public static WorkerLanes of(String name, int size, OnClose onClose) {
        return new WorkerLanes(name, size, onClose);
    }

    public <T> Future<T> submit(Callable<T> work) {
        return threads.submit(work);
    }

    public Future<?> submit(Runnable work) {
        return threads.submit(work);
    }

    /** How many pieces of work run at once at most. */
    public int size() {
        return size;
    }

    public String name() {
        return name;
    }

    public boolean closed() {
        return threads.isShutdown();
    }

    /** Takes no new work; what happens to submitted work is the lanes' {@link OnClose}. Closing twice is harmless. */
    @Override
    public void close() {
        switch (onClose) {
            case FINISH_SUBMITTED -> threads.shutdown();
            case INTERRUPT -> threads.shutdownNow();
        }
    }
}
