package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import dev.calibrate.kernel.tenant.TenantId;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one statement on a copilot connection for one tenant. In the statement's own transaction, the
 * connection's backend ({@code pg_backend_pid()}) is read and bound to the tenant in {@code copilot.binding}
 * through the main pool (the only writer of that table, with a plain INSERT committed before the statement
 * starts: a backend that already has a binding fails the question rather than replace it); after it, the
 * binding is deleted, whatever happened, and the connection is reset ({@code DISCARD ALL}) or, failing that,
 * evicted: a binding or a setting never outlives the question. Transaction-mode poolers (PgBouncer) are not
 * supported between the copilot pool and PostgreSQL (docs/copilot.md).
 * Inside: a read-only transaction, {@code statement_timeout} from the settings (and a cancel when the whole
 * read passes it, since PostgreSQL restarts that limit per fetch), at most {@code maxRows + 1} rows and the
 * byte budgets of {@link CappedAnswer}.
 * <p>
 * This does not check the statement: callers run only what {@code SqlGuard} accepted. The role, the
 * binding and the transaction are what hold even for a statement that was never checked
 * (CopilotDatabaseDefenceTest).
 */
@Component
public class CopilotExecutor {

    private static final Logger log = LoggerFactory.getLogger(CopilotExecutor.class);

    private final CopilotConnections connections;
    private final JdbcTemplate main;
    private final Duration timeout;
    private final int maxRows;
    private final CappedAnswer answer;
    /** One daemon thread for the JVM: it only sends cancel requests. */
    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "copilot-statement-alarm");
        thread.setDaemon(true);
        return thread;
    });

    CopilotExecutor(CopilotConnections connections, JdbcTemplate main, CopilotSettings settings) {
        this.connections = connections;
        this.main = main;
        this.timeout = settings.statementTimeout();
        this.maxRows = settings.maxRows();
        this.answer = new CappedAnswer(settings.maxRows(), (int) settings.maxValueBytes().toBytes(),
                settings.maxAnswerBytes().toBytes());
    }

    public ResultTable execute(TenantId tenant, String sql) {
        Connection connection;
        try {
            connection = connections.connection();
        } catch (SQLException e) {
            log.warn("No copilot connection: {}", e.toString());
            throw new StatementFailed("database", "the copilot's database connection is not available");
        }
        Integer bound = null;
        boolean clash = false;
        Canceller canceller = new Canceller(connection);
        try {
            begin(connection);
            // inside the transaction that runs the statement: a backend that served another transaction
            // (a transaction-mode pooler would hand out one) cannot be the one that was bound
            int pid = backendPid(connection);
            try {
                bind(pid, tenant);
            } catch (DuplicateKeyException e) {
                // another binding of this backend: stale (a node died mid-question) or not, it is not ours to
                // replace; fail closed, and this connection serves no other question
                clash = true;
                log.warn("A copilot binding for backend {} already exists; refusing the question", pid);
                throw new StatementFailed("database", "the copilot's connection could not be bound to the tenant");
            } catch (DataAccessException e) {
                // the main pool timed out or lost its connection: whether the INSERT committed is not known, so
                // this backend serves no other question, and the caller gets an answer (and the audit an event)
                clash = true;
                log.warn("Could not bind copilot backend {} to its tenant: {}", pid, e.toString());
                throw new StatementFailed("database", "the copilot's connection could not be bound to the tenant");
            }
            bound = pid;
            return run(connection, sql, canceller);
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) {
                throw new StatementFailed("timeout", "the statement ran longer than " + timeout.toMillis() + " ms");
            }
            throw new StatementFailed("database", "the database refused the statement (SQLSTATE "
                    + e.getSQLState() + ")");
        } finally {
            canceller.disarm();
            rollback(connection);
            release(connection, bound, canceller.fired() || clash);
        }
    }

    /** A read-only transaction with the statement timeout, begun before anything else is read. */
    private void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
            statement.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
        }
    }

    private ResultTable run(Connection connection, String sql, Canceller canceller) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ScheduledFuture<?> alarm = ALARMS.schedule(canceller, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            List<CappedAnswer.Column> columns;
            try (PreparedStatement described = connection.prepareStatement(sql)) {
                // Parse and Describe only: the columns and their types, nothing runs
                ResultSetMetaData meta = described.getMetaData();
                if (meta == null) {
                    // INSERT, SET, COPY, SELECT … INTO: not one query, and never run
                    throw new SQLException("the statement returns no rows", "42809");
                }
                columns = CappedAnswer.Column.of(meta);
            }
            try (PreparedStatement capped = connection.prepareStatement(answer.wrap(sql, columns))) {
                capped.setMaxRows(maxRows + 1);
                // batches the answer's budget can hold; PostgreSQL restarts statement_timeout per fetch, so the
                // alarm above cancels the whole read at the timeout, and the reader checks the deadline per row
                capped.setFetchSize(answer.fetchSize(columns.size()));
                try (ResultSet rows = capped.executeQuery()) {
                    return answer.read(rows, columns, () -> System.nanoTime() > deadline);
                }
            }
        } finally {
            alarm.cancel(false);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("Rolling back a copilot transaction failed", e);
        }
    }

    /**
     * Cancels the statement running on a connection once, unless disarmed first. A cancel request reaches
     * PostgreSQL asynchronously: a connection it was sent on never serves another question.
     */
    private static final class Canceller implements Runnable {

        private final Connection connection;
        private boolean armed = true;
        private boolean fired;

        Canceller(Connection connection) {
            this.connection = connection;
        }

        @Override
        public synchronized void run() {
            if (!armed) {
                return;
            }
            fired = true;
            try {
                connection.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException e) {
                log.warn("Could not cancel a copilot statement: {}", e.toString());
            }
        }

        synchronized void disarm() {
            armed = false;
        }

        synchronized boolean fired() {
            return fired;
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** A plain INSERT, committed by the main pool before the statement runs: a clash fails, never replaces. */
    private void bind(int pid, TenantId tenant) {
        main.update("INSERT INTO copilot.binding (backend_pid, tenant_id) VALUES (?, ?)", pid, tenant.value());
    }

    /** Deletes the binding this question wrote (never another's), then resets or evicts the connection. */
    private void release(Connection connection, Integer bound, boolean evict) {
        boolean reset = false;
        try {
            if (bound != null) {
                main.update("DELETE FROM copilot.binding WHERE backend_pid = ?", bound);
            }
            // a cancel request sent at the deadline may still reach this connection, and a backend whose pid
            // has another binding would clash again: neither serves another question
            if (!evict) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    // session settings, advisory locks, anything a statement left behind
                    statement.execute("DISCARD ALL");
                }
                reset = true;
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not reset a copilot connection; evicting it: {}", e.toString());
        } finally {
            if (reset) {
                close(connection);
            } else {
                // eviction closes the connection itself; closing its proxy after that would fail
                connections.evict(connection);
            }
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("Closing a copilot connection failed", e);
        }
    }
}
