package dev.calibrate.app.database;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage hazards of Axon on PostgreSQL: no OID large objects anywhere, serialized payloads in
 * bytea, a global index allocated one at a time, and Flyway (not Hibernate) owning the schema.
 */
class StorageSchemaTest extends IntegrationTest {

    @Autowired
    Environment env;

    @Test
    void noColumnIsAnOidLargeObject() {
        try (Sql sql = Sql.connect(env)) {
            assertThat(sql.query("""
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = 'public' AND data_type IN ('oid', 'lo')""")).isEmpty();
            assertThat(sql.single("SELECT count(*) FROM pg_largeobject_metadata")).isEqualTo(0L);
        }
    }

    @Test
    void axonPayloadsAreBytea() {
        try (Sql sql = Sql.connect(env)) {
            assertThat(sql.queryAsText("""
                    SELECT table_name || '.' || column_name AS col FROM information_schema.columns
                    WHERE table_schema = 'public' AND column_name IN ('payload', 'metadata', 'token', 'serializedsaga', 'diagnostics')
                      AND data_type <> 'bytea'""")).isEmpty();
        }
    }

    @Test
    void theGlobalIndexIsAllocatedOneAtATime() {
        try (Sql sql = Sql.connect(env)) {
            assertThat(sql.single("SELECT increment_by FROM pg_sequences WHERE sequencename = 'domainevententry_globalindex_seq'"))
                    .isEqualTo(1L);
            assertThat(sql.single("SELECT cache_size FROM pg_sequences WHERE sequencename = 'domainevententry_globalindex_seq'"))
                    .isEqualTo(1L);
        }
    }

    @Test
    void flywayOwnsTheSchema() {
        assertThat(env.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("none");
        try (Sql sql = Sql.connect(env)) {
            assertThat((Long) sql.single("SELECT count(*) FROM flyway_schema_history WHERE success")).isGreaterThanOrEqualTo(3L);
            assertThat(sql.single("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isEqualTo(0L);
        }
    }
}
