package dev.calibrate.kernel.message;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchedWritesTest {

    /** What the database was sent: one entry per JDBC batch, its SQL and its argument rows. */
    private final List<String> sent = new ArrayList<>();

    private void batchUpdate(String sql, List<Object[]> args) {
        sent.add(sql + " " + args.stream().map(Arrays::toString).toList());
    }

    @Test
    void statementsRunInOrderWhenTheBatchPreparesToCommitWithConsecutiveOnesOfOneSqlAsOneBatch() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("first"));
        BatchedWrites.statements(BatchedWritesTest.class, this::batchUpdate).add("INSERT a", 1);
        BatchedWrites.statements(BatchedWritesTest.class, this::batchUpdate).add("INSERT a", 2);
        BatchedWrites.statements(BatchedWritesTest.class, this::batchUpdate).add("UPDATE b", 3, "x");
        BatchedWrites.statements(BatchedWritesTest.class, this::batchUpdate).add("INSERT a", 4);
        assertThat(sent).as("nothing is written before the batch commits").isEmpty();

        batch.commit();

        assertThat(sent).containsExactly("INSERT a [[1], [2]]", "UPDATE b [[3, x]]", "INSERT a [[4]]");
    }

    @Test
    void aBatchThatRollsBackWritesNothing() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("first"));
        BatchedWrites.statements(BatchedWritesTest.class, this::batchUpdate).add("INSERT a", 1);

        batch.rollback();

        assertThat(sent).isEmpty();
    }

    @Test
    void eachOwnerHasItsOwnStatements() {
        List<String> other = new ArrayList<>();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("first"));
        BatchedWrites.statements(BatchedWritesTest.class, this::batchUpdate).add("INSERT a", 1);
        BatchedWrites.statements(String.class, (sql, args) -> other.add(sql)).add("INSERT other", 2);

        batch.commit();

        assertThat(sent).containsExactly("INSERT a [[1]]");
        assertThat(other).containsExactly("INSERT other");
    }
}
