package dev.calibrate.app.database;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A store from before V56 gets each tenant's product counts from the catalog rows it already holds. */
class ProductCountMigrationTest extends IntegrationTest {

    private static final MigrationVersion BEFORE = MigrationVersion.fromVersion("55");

    @Autowired
    Environment env;

    @Test
    void theCountsOfTheProductsAlreadyProjectedAreCarriedOver() {
        String database = "before_product_count_" + UUID.randomUUID().toString().replace("-", "");
        try (Sql owner = Sql.connect(env)) {
            owner.execute("CREATE DATABASE " + database);
        }
        String url = env.getRequiredProperty("spring.datasource.url").replaceFirst("/[^/]+$", "/" + database);
        assertThat(url).as("a database of its own, never the shared one").endsWith("/" + database);
        try {
            UUID acme = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            flyway(url, BEFORE).migrate();
            try (Sql old = Sql.connect(url)) {
                product(old, acme, "A1", true);
                product(old, acme, "A2", true);
                product(old, acme, "A3", false);
                product(old, other, "B1", false);
            }

            flyway(url, MigrationVersion.LATEST).migrate();

            try (Sql migrated = Sql.connect(url)) {
                assertThat(migrated.query("SELECT products, active_products FROM product_count WHERE tenant_id = ?", acme))
                        .containsExactly(Map.of("products", 3L, "active_products", 2L));
                assertThat(migrated.query("SELECT products, active_products FROM product_count WHERE tenant_id = ?", other))
                        .containsExactly(Map.of("products", 1L, "active_products", 0L));
                assertThat(migrated.query("SELECT tenant_id FROM product_count")).hasSize(2);
            }
        } finally {
            try (Sql owner = Sql.connect(env)) {
                owner.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }

    private static void product(Sql sql, UUID tenant, String sku, boolean active) {
        sql.execute("INSERT INTO product_view (product_id, tenant_id, sku, title, tags, channel_refs, active, version,"
                + " created_at, updated_at) VALUES ('" + UUID.randomUUID() + "', '" + tenant + "', '" + sku + "', 'T', '{}',"
                + " '{}', " + active + ", 0, now(), now())");
    }

    private static Flyway flyway(String url, MigrationVersion target) {
        return Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration")
                .target(target).load();
    }
}
