package dev.calibrate.app.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * One embedded PostgreSQL for every application a test JVM starts in-process, each in a database of
 * its own: a second initdb and server start per application cost seconds and bought nothing, since an
 * application only ever sees its own database (roles are the server's, and the migrations create them
 * only if missing). The server stops when the last application using it has closed its pool; one
 * started after that starts it again.
 * <p>
 * Runs before the application's {@code EmbeddedPostgresInitializer}, which then finds a datasource URL
 * and starts nothing. Tests of the embedded server itself (restarts, data directories) do not use it.
 */
public final class SharedPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    private static final String LEASE_BEAN = "sharedPostgresDatabase";

    private static EmbeddedPostgres server;
    private static int applications;
    private static int databases;

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String url = newDatabase();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("sharedPostgres", Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "")));
        var beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
        beanFactory.registerSingleton(LEASE_BEAN, url);
        // the pool closes first (it depends on the lease), then the server may stop
        beanFactory.registerDisposableBean(LEASE_BEAN, SharedPostgres::release);
        beanFactory.registerDependentBean(LEASE_BEAN, "dataSource");
    }

    private static synchronized String newDatabase() {
        if (server == null) {
            server = start();
        }
        applications++;
        String database = "application_" + ++databases;
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + database, e);
        }
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    private static synchronized void release() throws IOException {
        if (--applications == 0) {
            server.close();
            server = null;
        }
    }

    private static EmbeddedPostgres start() {
        try {
            // as EmbeddedPostgresInitializer starts an ephemeral one (a throw-away directory, no
            // durability), with room for the pools of the applications alive at once
            return EmbeddedPostgres.builder()
                    // stopped with the last application's pool (release), not under it at JVM exit
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the tests' embedded PostgreSQL", e);
        }
    }
}
