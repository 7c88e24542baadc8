package dev.calibrate.kernel.message;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.sql.Connection;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where a projection collects the writes of a batch of events, to make them in a few statements just
 * before the batch commits. A batch whose writes failed is processed again with each of its events
 * isolated (see {@link #isolate}): then every event's writes are made as soon as its handler returns,
 * inside a savepoint, so the one event the database refuses is the one that is dead-lettered.
 * Only plain SQL can be undone so: Hibernate marks the whole transaction rollback-only when a flush
 * fails, which no savepoint undoes, so a processing group with a dead-letter queue writes through here,
 * never through JPA.
 */
public final class BatchedWrites {

    private static final String ISOLATED = BatchedWrites.class.getName() + ".isolated";

    private BatchedWrites() {
    }

    /**
     * The SQL statements {@code owner}'s handlers queue for the current event, run in order by
     * {@code batchUpdate} (usually {@code jdbc::batchUpdate}) when the batch prepares to commit.
     */
    public static PendingStatements statements(Class<?> owner, PendingStatements.BatchUpdate batchUpdate) {
        return pending(owner.getName() + ".statements", PendingStatements::new,
                statements -> statements.runWith(batchUpdate));
    }

    /**
     * The pending writes of kind {@code key} for the current event: the batch's, written by {@code write}
     * when it prepares to commit; or, for an isolated event, the event's own, written right after its handler.
     * For writes that need more than queued statements (reading the rows a batch concerns first).
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
     * The writes of kind {@code key} made once for the whole batch when it prepares to commit, even while its
     * events are isolated: for what every event adds to shared rows (a tenant's counts), written once, in an
     * order that cannot deadlock, after the events' own writes. Add to it only once an event's own writes
     * succeeded, so a dead-lettered event adds nothing.
     */
    public static <B> B atBatchCommit(String key, Supplier<B> create, Consumer<B> write) {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(key, k -> {
            B writes = create.get();
            batch.onPrepareCommit(uow -> write.accept(writes));
            return writes;
        });
    }

    /**
     * Runs {@code handler} for one event with its writes made on {@code connection} (the transaction's)
     * before this returns, inside a savepoint: if they fail, the savepoint is rolled back and the failure
     * surfaces here, blaming this event alone, while the transaction goes on.
     */
    public static <R> R isolate(UnitOfWork<?> unitOfWork, Connection connection, IsolatedHandler<R> handler)
            throws Exception {
        Savepoint savepoint = connection.setSavepoint();
        List<Runnable> writes = new ArrayList<>();
        unitOfWork.resources().put(ISOLATED, writes);
        try {
            R result = handler.handle();
            writes.forEach(Runnable::run);
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (Exception | Error e) {
            connection.rollback(savepoint);
            throw e;
        } finally {
            unitOfWork.resources().remove(ISOLATED);
        }
    }

    @FunctionalInterface
    public interface IsolatedHandler<R> {
        R handle() throws Exception;
    }
}
