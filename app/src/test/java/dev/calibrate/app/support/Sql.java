package dev.calibrate.app.support;

import org.springframework.core.env.Environment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain JDBC connection to the application's database as the login user (the owner of the
 * tables, a superuser on the embedded server). It bypasses the application's pool, so nothing runs
 * {@code SET ROLE} unless the test does: {@code Sql.connect(env).as("calibrate_api")}.
 */
public final class Sql implements AutoCloseable {

    /** SQLSTATE 42501: permission denied, and what the event store trigger raises. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final Connection connection;

    private Sql(Connection connection) {
        this.connection = connection;
    }

    public static Sql connect(Environment env) {
        return connect(env.getRequiredProperty("spring.datasource.url"));
    }

    public static Sql connect(String jdbcUrl) {
        return connect(jdbcUrl, "postgres", "");
    }

    /** As a given login (an external server, where {@code postgres} has no password). */
    public static Sql connect(String jdbcUrl, String user, String password) {
        try {
            return new Sql(DriverManager.getConnection(jdbcUrl, user, password));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl, e);
        }
    }

    /** Switches this session to {@code role}, as the application's pool does. */
    public Sql as(String role) {
        execute("SET ROLE " + role);
        return this;
    }

    /** Sets {@code app.tenant_id} for the rest of the session, as row-level security reads it. */
    public Sql tenant(String tenantId) {
        query("SELECT set_config('app.tenant_id', ?, false)", tenantId);
        return this;
    }

    public void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every row as column name to value, in the order the query returns them. */
    public List<Map<String, Object>> query(String sql, Object... args) {
        return rows(sql, false, args);
    }

    /** Every row with each column as PostgreSQL prints it: exact, comparable text (numbers, timestamps, json). */
    public List<Map<String, Object>> queryAsText(String sql, Object... args) {
        return rows(sql, true, args);
    }

    public Object single(String sql, Object... args) {
        List<Map<String, Object>> rows = query(sql, args);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException(sql + " returned " + rows + ", not one value");
        }
        return rows.get(0).values().iterator().next();
    }

    public long count(String sql, Object... args) {
        return ((Number) single(sql, args)).longValue();
    }

    /** Runs a statement that must fail and returns why, or null when it succeeded. */
    public SQLException failureOf(String sql, Object... args) {
        try (PreparedStatement statement = prepare(sql, args)) {
            statement.execute();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private List<Map<String, Object>> rows(String sql, boolean asText, Object... args) {
        try (PreparedStatement statement = prepare(sql, args); ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), asText ? rs.getString(i) : rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
