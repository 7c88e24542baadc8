package dev.calibrate.connectors.amazon.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reading on a thread of its own while the calling thread writes what was read: batches pass through a
 * queue of at most {@code capacity} batches, so reading never runs more than that far ahead of writing
 * (it waits for room; the writer takes every waiting batch at once, so at most twice {@code capacity}
 * batches are held), and memory stays bounded whatever the seller's size. A failure on either side
 * ends both: a reading failure reaches the writer after the batches read before it (they are whole and
 * correct, so they are written), then is thrown by {@link #run}; a writing failure stops the reading
 * before its next call and is thrown by {@link #run} once the reading thread has ended. No thread is
 * interrupted (an interrupted SP-API call would count against the tenant's circuit breaker): the reader
 * sees the stop between calls, so it ends within one call's time.
 *
 * @param <B> a batch
 */
final class ReadAhead<B> {

    /** What the reading thread does; it hands each batch to {@link Sink#emit} and answers its result at the end. */
    interface Reader<B, R> {
        R read(Sink<B> sink);
    }

    /** Writes one or more batches that were waiting together, in the order they were read. */
    interface Writer<B> {
        void write(List<B> batches);
    }

    /** The reading side's end of the queue. */
    interface Sink<B> {
        /** Queues a batch, waiting while the queue is full; throws {@link Stopped} once writing has failed. */
        void emit(B batch);

        /** Writing failed: the reader should stop before its next call. */
        boolean stopped();
    }

    /** Thrown in the reading thread once writing has failed, to end it. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("writing failed; reading stopped", null, false, false);
        }
    }

    /** The writing thread was interrupted while it waited for a batch (the node is going down); reading has stopped. */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted while waiting for the next batch", null, false, false);
        }
    }

    private sealed interface Item<B> permits Batch, End {
    }

    private record Batch<B>(B value) implements Item<B> {
    }

    private record End<B>(Object result, RuntimeException failure) implements Item<B> {
    }

    private final BlockingQueue<Item<B>> queue = new LinkedBlockingQueue<>();
    /** Places for batches in the queue; the end marker needs none, so a reader can always end. */
    private final Semaphore room;
    private final int capacity;
    private volatile boolean writingFailed;

    private ReadAhead(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the read-ahead queue must hold at least one batch, not " + capacity);
        }
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
    }

    /**
     * Runs {@code reader} on a new thread named {@code threadName} and {@code writer} on this one, and
     * answers the reader's result once every batch is written; throws the first failure of either side.
     */
    static <B, R> R run(String threadName, int capacity, Reader<B, R> reader, Writer<B> writer) {
        return new ReadAhead<B>(capacity).go(threadName, reader, writer);
    }

    @SuppressWarnings("unchecked")
    private <R> R go(String threadName, Reader<B, R> reader, Writer<B> writer) {
        Sink<B> sink = new Sink<>() {
            @Override
            public void emit(B batch) {
                offer(new Batch<>(batch));
            }

            @Override
            public boolean stopped() {
                return writingFailed;
            }
        };
        Thread reading = new Thread(() -> {
            Item<B> end;
            try {
                end = new End<>(reader.read(sink), null);
            } catch (Stopped stopped) {
                return;
            } catch (RuntimeException failure) {
                end = new End<>(null, failure);
            } catch (Error error) {
                end = new End<>(null, new IllegalStateException("reading failed: " + error, error));
            }
            queue.add(end);
        }, threadName);
        reading.setDaemon(true);
        reading.start();
        try {
            while (true) {
                Item<B> first = queue.take();
                List<B> batches = new ArrayList<>();
                Item<B> item = first;
                while (item instanceof Batch<B> batch) {
                    room.release();
                    batches.add(batch.value());
                    item = batches.size() < capacity ? queue.poll() : null;
                }
                if (!batches.isEmpty()) {
                    writer.write(batches);
                }
                if (item instanceof End<B> end) {
                    if (end.failure() != null) {
                        throw end.failure();
                    }
                    return (R) end.result();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writingFailed = true;
            throw new Interrupted();
        } catch (RuntimeException | Error e) {
            writingFailed = true;
            throw e;
        } finally {
            if (writingFailed) {
                joinQuietly(reading);
            }
        }
    }

    /** Waits for room in the queue, checking every 100 ms whether writing has failed. */
    private void offer(Batch<B> batch) {
        try {
            while (!room.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (writingFailed) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
        if (writingFailed) {
            throw new Stopped();
        }
        queue.add(batch);
    }

    /** The reader ends within one call once it sees the stop; its outcome no longer matters. */
    private static void joinQuietly(Thread reading) {
        boolean interrupted = false;
        while (reading.isAlive()) {
            try {
                reading.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
