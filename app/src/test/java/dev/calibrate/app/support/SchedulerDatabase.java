package dev.calibrate.app.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * A database of the JVM's embedded PostgreSQL ({@link SharedPostgres}) for db-scheduler instances a test
 * builds itself, as nodes that start and stop while the test runs, without an application around them:
 * each gets a {@code scheduled_tasks} table of its own, so the schedulers of a running application never
 * see their executions. Holds its lease on the server until closed.
 */
public final class SchedulerDatabase implements AutoCloseable {

    private final AnnotationConfigApplicationContext lease = new AnnotationConfigApplicationContext();
    private final HikariDataSource dataSource;

    public SchedulerDatabase() {
        new SharedPostgres().initialize(lease);
        lease.refresh();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(lease.getEnvironment().getRequiredProperty("spring.datasource.url"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        config.setPoolName("scheduler-database");
        dataSource = new HikariDataSource(config);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Creates db-scheduler's table (as migration V4 does) under {@code name}; answers the name. */
    public String table(String name) {
        new JdbcTemplate(dataSource).execute("CREATE TABLE " + name + " ("
                + " task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BYTEA,"
                + " execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
                + " last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE,"
                + " consecutive_failures INT, last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL,"
                + " priority SMALLINT, PRIMARY KEY (task_name, task_instance))");
        return name;
    }

    @Override
    public void close() {
        dataSource.close();
        lease.close();
    }
}
