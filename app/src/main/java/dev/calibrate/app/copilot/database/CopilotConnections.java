package dev.calibrate.app.copilot.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.calibrate.app.copilot.CopilotSettings;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.jdbc.PreferQueryMode;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The copilot's own small pool, logging in as its own role (never a {@code SET ROLE} from the main pool,
 * which a statement could {@code RESET}). Deliberately not a {@code DataSource} bean: the application's
 * one datasource stays the one Spring Boot configures. Connections open on first use and close when idle.
 * <p>
 * The executor learns a statement's columns with Parse/Describe, which runs nothing only in pgjdbc's
 * extended protocol: with {@code preferQueryMode=simple} (common on URLs meant for PgBouncer) pgjdbc would
 * run the statement instead. So the pool's URL always asks for {@code extended}, whatever the configured
 * URL says, and a connection in any other mode is never handed out. A question waits at most
 * {@code calibrate.copilot.db.connection-timeout} for a connection; then it is refused with a 429 the caller
 * can retry ({@link PoolBusy}), so a few busy tenants cannot hold every other one waiting.
 */
@Component
public class CopilotConnections implements DisposableBean {

    private final HikariDataSource pool;

    CopilotConnections(CopilotSettings settings, CopilotCredentials credentials, Environment environment) {
        CopilotSettings.Db db = settings.db();
        HikariConfig config = new HikariConfig();
        config.setPoolName("copilot");
        String url = extendedQueryMode(db.url().isBlank()
                ? environment.getRequiredProperty("spring.datasource.url") : db.url());
        requireExtended(url);
        config.setJdbcUrl(url);
        config.setConnectionTimeout(db.connectionTimeout().toMillis());
        config.setUsername(db.username());
        config.setPassword(credentials.password());
        config.setMaximumPoolSize(db.poolSize());
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        config.setReadOnly(true);
        config.setAutoCommit(true);
        // no statement is prepared on the server: the executor ends every use with DISCARD ALL
        config.addDataSourceProperty("prepareThreshold", "0");
        config.addDataSourceProperty("ApplicationName", "calibrate-copilot");
        config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutSeconds(settings)));
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    /**
     * A connection in the extended query mode, or {@link PoolBusy} when none came free within the
     * connection timeout.
     */
    Connection connection() throws SQLException {
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLTransientConnectionException e) {
            throw new PoolBusy();
        }
        PreferQueryMode mode = connection.unwrap(PGConnection.class).getPreferQueryMode();
        if (mode != PreferQueryMode.EXTENDED) {
            pool.evictConnection(connection);
            throw new SQLException("a copilot connection uses preferQueryMode=" + mode.value()
                    + "; the copilot needs extended");
        }
        return connection;
    }

    private static final Pattern QUERY_MODE = Pattern.compile("(?i)([?&])preferQueryMode=[^&]*&?");

    /**
     * The URL with {@code preferQueryMode=extended} and no other value of it: a URL's own parameters win
     * over driver properties in pgjdbc, so the URL itself is rewritten.
     */
    static String extendedQueryMode(String url) {
        String without = QUERY_MODE.matcher(url).replaceAll("$1");
        if (without.endsWith("?") || without.endsWith("&")) {
            without = without.substring(0, without.length() - 1);
        }
        return without + (without.contains("?") ? "&" : "?") + "preferQueryMode=extended";
    }

    /** Refuses to start with a URL pgjdbc would not read as the extended query mode. */
    static void requireExtended(String url) {
        Properties parsed = Driver.parseURL(url, new Properties());
        String mode = parsed == null ? null : PGProperty.PREFER_QUERY_MODE.get(parsed);
        if (!PreferQueryMode.EXTENDED.value().equals(mode)) {
            throw new IllegalStateException("the copilot's JDBC URL must use preferQueryMode=extended, it reads "
                    + mode);
        }
    }

    /**
     * The statement timeout plus the margin, in whole seconds (pgjdbc's unit), rounded up. PostgreSQL does
     * not interrupt planning for {@code statement_timeout} or a cancel; past this the driver closes the
     * connection, the question fails and the thread is free (the backend ends when it next writes to the
     * closed socket; the guard keeps planning small so that this stays a last resort).
     */
    static int socketTimeoutSeconds(CopilotSettings settings) {
        long millis = settings.statementTimeout().plus(settings.db().socketTimeoutMargin()).toMillis();
        return (int) ((millis + 999) / 1000);
    }

    /** A connection whose state is not known to be clean never serves another question. */
    void evict(Connection connection) {
        pool.evictConnection(connection);
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
