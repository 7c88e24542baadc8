package dev.calibrate.app.database;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store is the audit log: once written, an event never changes or disappears. The
 * application's role lacks the privileges, and a trigger stops the owner and superusers too.
 */
class AppendOnlyEventStoreTest extends IntegrationTest {

    private static final String EVENTS_OF_PRODUCT =
            "SELECT * FROM domainevententry WHERE aggregateidentifier = ? ORDER BY globalindex";

    @Autowired
    Environment env;
    @Autowired
    DataSource dataSource;

    private String productId;
    private List<Map<String, Object>> storedEvents;

    @BeforeEach
    void storeSomeEvents() {
        Api.TenantToken acme = api.newTenant("Append-only");
        api.post("/api/v1/products", acme.token(), product("AO-1", "10.00"));
        Api.Response changed = api.post("/api/v1/products", acme.token(), product("AO-1", "12.00"));
        assertThat(changed.status()).isEqualTo(200);
        productId = changed.json().get("id").asText();
        try (Sql owner = Sql.connect(env)) {
            storedEvents = owner.queryAsText(EVENTS_OF_PRODUCT, productId);
        }
        assertThat(storedEvents).hasSize(3); // created, price observed twice
    }

    @Test
    void theApplicationPoolRunsAsTheWorkerRole() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet rs = connection.createStatement().executeQuery("SELECT current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("calibrate_worker");
        }
    }

    @Test
    void theWorkerRoleMayNotUpdateDeleteOrTruncateEvents() {
        try (Sql worker = Sql.connect(env).as("calibrate_worker")) {
            assertPermissionDenied(worker.failureOf(
                    "UPDATE domainevententry SET payloadtype = 'forged' WHERE aggregateidentifier = ?", productId));
            assertPermissionDenied(worker.failureOf(
                    "DELETE FROM domainevententry WHERE aggregateidentifier = ?", productId));
            assertPermissionDenied(worker.failureOf("TRUNCATE domainevententry"));
            // nor switch the guard off: only the owner may alter the table
            assertThat((Throwable) worker.failureOf("ALTER TABLE domainevententry DISABLE TRIGGER domainevententry_append_only"))
                    .isNotNull().hasMessageContaining("must be owner");
            // it still reads and appends, which is all the event store needs
            assertThat(worker.count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", productId))
                    .isEqualTo(3);
        }
        assertEventsUnchanged();
    }

    @Test
    void theTriggerStopsTheOwnerAndSuperuserToo() {
        try (Sql owner = Sql.connect(env)) {
            assertThat(owner.single("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo(true);
            assertRejectedByTrigger(owner.failureOf(
                    "UPDATE domainevententry SET payloadtype = 'forged' WHERE aggregateidentifier = ?", productId),
                    "UPDATE");
            assertRejectedByTrigger(owner.failureOf(
                    "DELETE FROM domainevententry WHERE aggregateidentifier = ?", productId), "DELETE");
            assertRejectedByTrigger(owner.failureOf("TRUNCATE domainevententry"), "TRUNCATE");
        }
        assertEventsUnchanged();
    }

    private void assertEventsUnchanged() {
        try (Sql owner = Sql.connect(env)) {
            assertThat(owner.queryAsText(EVENTS_OF_PRODUCT, productId)).isEqualTo(storedEvents);
        }
    }

    private static void assertPermissionDenied(SQLException failure) {
        assertThat((Throwable) failure).as("the statement must fail").isNotNull();
        assertThat(failure.getSQLState()).isEqualTo(Sql.INSUFFICIENT_PRIVILEGE);
        assertThat((Throwable) failure).hasMessageContaining("permission denied for table domainevententry");
    }

    private static void assertRejectedByTrigger(SQLException failure, String operation) {
        assertThat((Throwable) failure).as("the statement must fail").isNotNull();
        assertThat(failure.getSQLState()).isEqualTo(Sql.INSUFFICIENT_PRIVILEGE);
        assertThat((Throwable) failure).hasMessageContaining("domainevententry is append-only: " + operation + " is not allowed");
    }
}
