package dev.calibrate.app.copilot.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.calibrate.app.copilot.CopilotSettings;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The copilot's own small pool, logging in as its own role (never a {@code SET ROLE} from the main pool,
 * which a statement could {@code RESET}). Deliberately not a {@code DataSource} bean: the application's
 * one datasource stays the one Spring Boot configures. Connections open on first use and close when idle.
 */
@Component
public class CopilotConnections implements DisposableBean {

    private final HikariDataSource pool;

    CopilotConnections(CopilotSettings settings, CopilotCredentials credentials, Environment environment) {
        CopilotSettings.Db db = settings.db();
        HikariConfig config = new HikariConfig();
        config.setPoolName("copilot");
        config.setJdbcUrl(db.url().isBlank() ? environment.getRequiredProperty("spring.datasource.url") : db.url());
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
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
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
