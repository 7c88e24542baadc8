package dev.calibrate.command.pricing.compiled;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Makes a sequence of byte blocks on other threads while the caller consumes them in order: at most a
 * few blocks are made ahead, so only those are held, never the whole sequence. A block no other thread
 * has started when the caller needs it is made by the caller itself, so the caller never waits on an
 * executor busy with other work (the JVM's common pool, shared with every preview): at worst it does
 * all of it alone.
 */
public final class OrderedBlocks {

    /** Where the blocks go, in order. */
    @FunctionalInterface
    public interface Sink<E extends Exception> {
        void write(byte[] block) throws E;
    }

    /** Blocks made ahead of the one being consumed. */
    private static final int AHEAD = 4;

    private OrderedBlocks() {
    }

    /** {@link #write(int, IntFunction, Sink, Executor)} on the JVM's common pool. */
    public static <E extends Exception> long write(int blocks, IntFunction<byte[]> make, Sink<E> sink) throws E {
        return write(blocks, make, sink, ForkJoinPool.commonPool());
    }

    /**
     * Writes blocks {@code 0 .. blocks - 1}, each made by {@code make}, to {@code sink} in order; returns
     * the bytes written. What {@code make} or {@code sink} throws is thrown as it was; blocks not yet
     * started are then never made.
     */
    public static <E extends Exception> long write(int blocks, IntFunction<byte[]> make, Sink<E> sink,
                                                   Executor executor) throws E {
        Deque<Block> ahead = new ArrayDeque<>();
        long written = 0;
        int next = 0;
        try {
            while (next < blocks && ahead.size() < AHEAD) ahead.add(new Block(next++, make, executor));
            while (!ahead.isEmpty()) {
                byte[] block = ahead.poll().take();
                if (next < blocks) ahead.add(new Block(next++, make, executor));
                sink.write(block);
                written += block.length;
            }
            return written;
        } finally {
            ahead.forEach(Block::abandon);
        }
    }

    /** One block: made by whichever comes first, a thread of the executor or the caller needing it. */
    private static final class Block {
        private final int index;
        private final IntFunction<byte[]> make;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<byte[]> made = new CompletableFuture<>();

        Block(int index, IntFunction<byte[]> make, Executor executor) {
            this.index = index;
            this.make = make;
            executor.execute(this::makeIfUnclaimed);
        }

        private void makeIfUnclaimed() {
            if (!claimed.compareAndSet(false, true)) return;
            try {
                made.complete(make.apply(index));
            } catch (RuntimeException | Error e) {
                made.completeExceptionally(e);
            }
        }

        byte[] take() {
            makeIfUnclaimed();
            try {
                return made.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) throw failure;
                if (e.getCause() instanceof Error error) throw error;
                throw e;
            }
        }

        void abandon() {
            claimed.set(true);
        }
    }
}
