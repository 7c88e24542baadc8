package dev.calibrate.app.database;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
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
        try (ScratchDatabase database = new ScratchDatabase(env, "before_product_count")) {
            UUID acme = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            database.migrateTo(BEFORE);
            try (Sql old = Sql.connect(database.url())) {
                product(old, acme, "A1", true);
                product(old, acme, "A2", true);
                product(old, acme, "A3", false);
                product(old, other, "B1", false);
            }

            database.migrateTo(MigrationVersion.LATEST);

            try (Sql migrated = Sql.connect(database.url())) {
                assertThat(migrated.query("SELECT products, active_products FROM product_count WHERE tenant_id = ?", acme))
                        .containsExactly(Map.of("products", 3L, "active_products", 2L));
                assertThat(migrated.query("SELECT products, active_products FROM product_count WHERE tenant_id = ?", other))
                        .containsExactly(Map.of("products", 1L, "active_products", 0L));
                assertThat(migrated.query("SELECT tenant_id FROM product_count")).hasSize(2);
            }
        }
    }

    private static void product(Sql sql, UUID tenant, String sku, boolean active) {
        sql.execute("INSERT INTO product_view (product_id, tenant_id, sku, title, tags, channel_refs, active, version,"
                + " created_at, updated_at) VALUES ('" + UUID.randomUUID() + "', '" + tenant + "', '" + sku + "', 'T', '{}',"
                + " '{}', " + active + ", 0, now(), now())");
    }
}
