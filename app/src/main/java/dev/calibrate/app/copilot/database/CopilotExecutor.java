package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import dev.calibrate.kernel.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Runs one statement on a copilot connection for one tenant. Before it, the connection's backend is bound
 * to the tenant in {@code copilot.binding} through the main pool (the only writer of that table, committed
 * before the statement starts); after it, the binding is deleted, whatever happened, and the connection is
 * reset ({@code DISCARD ALL}) or, failing that, evicted: a binding or a setting never outlives the question.
 * Inside: a read-only transaction, {@code statement_timeout} from the settings, at most {@code maxRows + 1}
 * rows read.
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

    CopilotExecutor(CopilotConnections connections, JdbcTemplate main, CopilotSettings settings) {
        this.connections = connections;
        this.main = main;
        this.timeout = settings.statementTimeout();
        this.maxRows = settings.maxRows();
    }

    public ResultTable execute(TenantId tenant, String sql) {
        Connection connection;
        try {
            connection = connections.connection();
        } catch (SQLException e) {
            log.warn("No copilot connection: {}", e.toString());
            throw new StatementFailed("database", "the copilot's database connection is not available");
        }
        Integer pid = null;
        try {
            pid = backendPid(connection);
            bind(pid, tenant);
            return run(connection, sql);
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) {
                throw new StatementFailed("timeout", "the statement ran longer than " + timeout.toMillis() + " ms");
            }
            throw new StatementFailed("database", "the database refused the statement (SQLSTATE "
                    + e.getSQLState() + ")");
        } finally {
            release(connection, pid);
        }
    }

    private ResultTable run(Connection connection, String sql) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
            statement.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
            // one Execute for the whole answer: PostgreSQL restarts statement_timeout per fetch, so a
            // cursor read in batches could run several times the timeout; maxRows caps what is sent
            statement.setMaxRows(maxRows + 1);
            statement.setFetchSize(0);
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds() + 2));
            try (ResultSet rows = statement.executeQuery(sql)) {
                ResultSetMetaData meta = rows.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    columns.add(meta.getColumnLabel(c));
                }
                List<List<Object>> values = new ArrayList<>();
                boolean truncated = false;
                while (rows.next()) {
                    if (values.size() == maxRows) {
                        truncated = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int c = 1; c <= columns.size(); c++) {
                        row.add(plain(rows.getObject(c)));
                    }
                    values.add(row);
                }
                return new ResultTable(columns, values, truncated);
            }
        } finally {
            connection.rollback();
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void bind(int pid, TenantId tenant) {
        main.update("INSERT INTO copilot.binding (backend_pid, tenant_id) VALUES (?, ?) "
                + "ON CONFLICT (backend_pid) DO UPDATE SET tenant_id = excluded.tenant_id, bound_at = now()",
                pid, tenant.value());
    }

    private void release(Connection connection, Integer pid) {
        boolean reset = false;
        try {
            if (pid != null) {
                main.update("DELETE FROM copilot.binding WHERE backend_pid = ?", pid);
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                // session settings, advisory locks, anything a statement left behind
                statement.execute("DISCARD ALL");
            }
            reset = true;
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not reset a copilot connection; evicting it: {}", e.toString());
        } finally {
            if (!reset) {
                connections.evict(connection);
            }
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing a copilot connection failed", e);
            }
        }
    }

    private static Object plain(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof Array array) {
            Object[] items = (Object[]) array.getArray();
            List<Object> list = new ArrayList<>();
            for (Object item : items) {
                list.add(plain(item));
            }
            return list;
        }
        if (value instanceof Object[] items) {
            return Arrays.asList(items);
        }
        return value.toString();
    }
}
