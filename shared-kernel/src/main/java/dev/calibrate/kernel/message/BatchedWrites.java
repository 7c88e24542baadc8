package dev.calibrate.kernel.message;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where a projection collects the writes of a batch of events, to make them in a few statements just
 * before the batch commits. A batch whose writes failed is processed again with each of its events
 * isolated (see {@link #isolate}): then every event's writes are made as soon as its handler returns,
 * inside a savepoint, so the one event the database refuses is the one that is dead-lettered.
 */
public final class BatchedWrites {

    private static final String ISOLATED = BatchedWrites.class.getName() + ".isolated";

    private BatchedWrites() {
    }

    /**
     * The pending writes of kind {@code key} for the current event: the batch's, written by {@code write}
     * when it prepares to commit; or, for an isolated event, the event's own, written right after its handler.
     */
    public static <B> B pending(String key, Supplier<B> create, Consumer<B> write) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<Runnable> isolated = unitOfWork.getResource(ISOLATED);
        if (isolated != null) {
            B own = create.get();
            isolated.add(() -> write.accept(own));
            return own;
        }
        UnitOfWork<?> batch = unitOfWork.root();
        return batch.getOrComputeResource(key, k -> {
            B writes = create.get();
            batch.onPrepareCommit(uow -> write.accept(writes));
            return writes;
        });
    }

    /**
     * Runs {@code handler} for one event with its writes made before this returns, so that a failure
     * surfaces here, where the caller can roll back to a savepoint and blame this event alone.
     */
    public static <R> R isolate(UnitOfWork<?> unitOfWork, IsolatedHandler<R> handler) throws Exception {
        List<Runnable> writes = new ArrayList<>();
        unitOfWork.resources().put(ISOLATED, writes);
        try {
            R result = handler.handle();
            writes.forEach(Runnable::run);
            return result;
        } finally {
            unitOfWork.resources().remove(ISOLATED);
        }
    }

    @FunctionalInterface
    public interface IsolatedHandler<R> {
        R handle() throws Exception;
    }
}
