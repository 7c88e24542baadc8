package dev.calibrate.kernel.work;

/**
 * Whether the node's interactive work (the requests it is serving) is busy right now. Background work that
 * can wait a little, a price change run between two chunks, gives way while it is: both share the node's
 * cores and the database's.
 */
@FunctionalInterface
public interface Foreground {

    boolean busy();
}
