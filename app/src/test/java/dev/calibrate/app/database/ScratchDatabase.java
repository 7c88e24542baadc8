package dev.calibrate.app.database;

import dev.calibrate.app.support.Sql;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.core.env.Environment;

import java.util.UUID;

/**
 * A database of its own on the test server, for a migration test: migrated to a version before the one under
 * test, filled as that release would have, then migrated to the latest; dropped on close.
 */
final class ScratchDatabase implements AutoCloseable {

    private final Environment env;
    private final String name;
    private final String url;

    ScratchDatabase(Environment env, String prefix) {
        this.env = env;
        this.name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        try (Sql owner = Sql.connect(env)) {
            owner.execute("CREATE DATABASE " + name);
        }
        this.url = env.getRequiredProperty("spring.datasource.url").replaceFirst("/[^/]+$", "/" + name);
        if (!url.endsWith("/" + name)) {
            throw new IllegalStateException("a database of its own, never the shared one: " + url);
        }
    }

    String url() {
        return url;
    }

    void migrateTo(MigrationVersion target) {
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").target(target).load()
                .migrate();
    }

    @Override
    public void close() {
        try (Sql owner = Sql.connect(env)) {
            owner.execute("DROP DATABASE " + name + " WITH (FORCE)");
        }
    }
}
