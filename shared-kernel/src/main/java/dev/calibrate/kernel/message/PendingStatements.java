package dev.calibrate.kernel.message;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL statements a projection's handlers queued for one batch of events (see {@link BatchedWrites#statements}).
 * They run in the order they were queued, so a later statement may read what an earlier one wrote;
 * consecutive statements of the same SQL go to the database as one JDBC batch.
 */
public final class PendingStatements {

    /** Runs one SQL statement once per argument array, as one JDBC batch ({@code JdbcTemplate::batchUpdate}). */
    @FunctionalInterface
    public interface BatchUpdate {
        void run(String sql, List<Object[]> args);
    }

    private record Statement(String sql, Object[] args) {
    }

    private final List<Statement> statements = new ArrayList<>();

    PendingStatements() {
    }

    public void add(String sql, Object... args) {
        statements.add(new Statement(sql, args));
    }

    void runWith(BatchUpdate batchUpdate) {
        int from = 0;
        while (from < statements.size()) {
            String sql = statements.get(from).sql();
            List<Object[]> args = new ArrayList<>();
            int to = from;
            while (to < statements.size() && statements.get(to).sql().equals(sql)) {
                args.add(statements.get(to++).args());
            }
            batchUpdate.run(sql, args);
            from = to;
        }
    }
}
