package dev.calibrate.command.catalog;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Where this node's preview catalog processor is in the event stream, and waiting for it within the max wait. */
@FunctionalInterface
public interface ProcessorProgress {

    /** The processor's position, or empty before it has started (its first position is the head then). */
    OptionalLong position();

    /** Returns once the processor has handled every event up to {@code position}; {@link CatalogBehind} after {@code maxWait}. */
    default void awaitPosition(long position, Duration maxWait) {
        if (position <= 0) {
            return;
        }
        long end = System.nanoTime() + maxWait.toNanos();
        while (position().orElse(-1) < position) {
            if (System.nanoTime() - end > 0) {
                throw CatalogBehind.atPosition(position);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** The processor's position once it has started; {@link CatalogBehind} if it has not within {@code maxWait}. */
    default long awaitStarted(Duration maxWait) {
        long end = System.nanoTime() + maxWait.toNanos();
        OptionalLong current;
        while ((current = position()).isEmpty()) {
            if (System.nanoTime() - end > 0) {
                throw new CatalogBehind("the preview catalog of this node has not started yet; retry shortly");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return current.getAsLong();
    }
}
