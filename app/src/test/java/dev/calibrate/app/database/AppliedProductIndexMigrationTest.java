package dev.calibrate.app.database;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V59 replaces the index of preview items by product with one of the items a run has given an outcome. An
 * operator may build that index beforehand without blocking writes, as docs/operations.md shows; V59 then
 * keeps it, and refuses one left invalid (a failed CONCURRENTLY build, or its partition's index not attached)
 * rather than drop the old index and go on without either.
 */
class AppliedProductIndexMigrationTest extends IntegrationTest {

    private static final MigrationVersion BEFORE = MigrationVersion.fromVersion("58");

    /** docs/operations.md's statements, in its order. */
    private static final String PARENT = "CREATE INDEX price_change_item_applied_product ON ONLY price_change_item"
            + " (price_change_id, product_id) WHERE outcome IS NOT NULL";
    private static final String PARTITION = "CREATE INDEX CONCURRENTLY price_change_item_all_applied_product ON"
            + " price_change_item_all (price_change_id, product_id) WHERE outcome IS NOT NULL";
    private static final String ATTACH = "ALTER INDEX price_change_item_applied_product ATTACH PARTITION"
            + " price_change_item_all_applied_product";

    @Autowired
    Environment env;

    @Test
    void anIndexBuiltBeforehandAsDocumentedIsKeptAndTheOldOneDropped() {
        try (ScratchDatabase database = new ScratchDatabase(env, "applied_product_prebuilt")) {
            prebuiltAsDocumented(database);

            database.migrateTo(MigrationVersion.LATEST);

            try (Sql migrated = Sql.connect(database.url())) {
                assertThat(productIndexes(migrated)).containsExactly("price_change_item_all_applied_product valid");
            }
        }
    }

    @Test
    void withoutOneBuiltBeforehandTheMigrationBuildsIt() {
        try (ScratchDatabase database = new ScratchDatabase(env, "applied_product_built")) {
            database.migrateTo(MigrationVersion.LATEST);

            try (Sql migrated = Sql.connect(database.url())) {
                assertThat(productIndexes(migrated)).singleElement().asString().endsWith(" valid");
            }
        }
    }

    @Test
    void anIndexLeftInvalidStopsTheMigrationWithTheOldIndexKept() {
        try (ScratchDatabase database = new ScratchDatabase(env, "applied_product_invalid")) {
            database.migrateTo(BEFORE);
            try (Sql owner = Sql.connect(database.url())) {
                // the parent's index alone, its partition's never attached: invalid, and would stay so
                owner.execute(PARENT);
            }

            assertThatThrownBy(() -> database.migrateTo(MigrationVersion.LATEST)).isInstanceOf(FlywayException.class)
                    .hasMessageContaining("price_change_item_applied_product was built beforehand but is not valid");

            try (Sql owner = Sql.connect(database.url())) {
                assertThat(productIndexes(owner)).as("nothing of V59 stays").containsExactly(
                        "price_change_item_all_product valid");
            }
        }
    }

    @Test
    void aPartitionIndexLeftInvalidByAFailedBuildStopsTheMigration() {
        try (ScratchDatabase database = new ScratchDatabase(env, "applied_product_failed")) {
            prebuiltAsDocumented(database);
            try (Sql owner = Sql.connect(database.url())) {
                // what a CONCURRENTLY build that fails leaves behind: the index, marked not valid
                owner.execute("UPDATE pg_index SET indisvalid = false"
                        + " WHERE indexrelid = 'price_change_item_all_applied_product'::regclass");
            }

            assertThatThrownBy(() -> database.migrateTo(MigrationVersion.LATEST)).isInstanceOf(FlywayException.class)
                    .hasMessageContaining("price_change_item_applied_product was built beforehand but is not valid");

            try (Sql owner = Sql.connect(database.url())) {
                assertThat(productIndexes(owner)).containsExactly("price_change_item_all_applied_product invalid",
                        "price_change_item_all_product valid");
            }
        }
    }

    private static void prebuiltAsDocumented(ScratchDatabase database) {
        database.migrateTo(BEFORE);
        try (Sql owner = Sql.connect(database.url())) {
            owner.execute(PARENT);
            owner.execute(PARTITION);
            owner.execute(ATTACH);
        }
    }

    /** The partition's indexes that lead with (price_change_id, product_id), each with whether it is valid. */
    private static List<String> productIndexes(Sql sql) {
        return sql.query("SELECT c.relname || CASE WHEN i.indisvalid THEN ' valid' ELSE ' invalid' END AS index"
                        + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " WHERE i.indrelid = 'price_change_item_all'::regclass"
                        + " AND pg_get_indexdef(i.indexrelid) LIKE '%(price_change_id, product_id)%' ORDER BY 1")
                .stream().map(row -> (String) row.get("index")).toList();
    }
}
