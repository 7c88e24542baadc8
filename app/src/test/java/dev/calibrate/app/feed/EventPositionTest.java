package dev.calibrate.app.feed;

import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.query.feed.SafeHorizon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the safe horizon assumes is enforced by the database (V33), not hoped for: every position comes
 * from the position function, only the event store's writer may call it, and a fence is a transaction
 * of its own; and a row's timestamp is one every reader can parse.
 */
class EventPositionTest extends IntegrationTest {

    @Autowired
    Environment env;
    @Autowired
    SafeHorizon horizon;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;

    private static final String CHECK_VIOLATION = "23514";
    private static final String OUT_OF_RANGE = "22008";

    @Test
    void aWriterThatSuppliesItsOwnPositionGetsANewOneAboveTheHorizon() throws Exception {
        FeedSteps steps = new FeedSteps(api);
        FeedTenant acme = steps.tenant("Own position " + UUID.randomUUID());
        long served = horizon.position();
        assertThat(served).isGreaterThan(1);

        try (Connection owner = new StoredEvents(env).owner(); PreparedStatement insert = owner.prepareStatement("""
                INSERT INTO domainevententry (globalindex, eventidentifier, aggregateidentifier, sequencenumber, type,
                                              timestamp, payloadtype, payloadrevision, payload, metadata, tenant_id)
                VALUES (1, ?, ?, 0, ?, ?, ?, NULL, ?, '{}', ?) RETURNING globalindex""")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, UUID.randomUUID().toString());
            insert.setString(3, ProductId.AGGREGATE_TYPE);
            insert.setString(4, Instant.now().toString());
            insert.setString(5, ProductDeactivated.class.getName());
            insert.setBytes(6, "{}".getBytes(StandardCharsets.UTF_8));
            insert.setObject(7, UUID.fromString(acme.id()));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("the position the database gave, not the one asked for")
                        .isGreaterThan(served);
            }
        }
    }

    /**
     * The shared producer every tracking processor reads through parses each row's timestamp before any
     * handler sees the event: one it cannot parse stopped every read model of every tenant at the row
     * before it (seen as the processors of later tests never catching up). The store refuses such a row.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2026-12-05 04:52:34.369134+00", "2026-12-05T04:52:34+01:00", "2026-02-30T00:00:00Z",
            "2026-12-05T04:52:34.1234567890Z", "1764910354369", ""})
    void aRowWhoseTimestampIsNoInstantIsRefused(String timestamp) throws Exception {
        FeedTenant acme = new FeedSteps(api).tenant("Bad timestamp " + UUID.randomUUID());
        long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        try (Connection owner = new StoredEvents(env).owner(); PreparedStatement insert = owner.prepareStatement("""
                INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type, timestamp,
                                              payloadtype, payloadrevision, payload, metadata, tenant_id)
                VALUES (?, ?, 0, ?, ?, ?, NULL, '{}', '{}', ?)""")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, UUID.randomUUID().toString());
            insert.setString(3, ProductId.AGGREGATE_TYPE);
            insert.setString(4, timestamp);
            insert.setString(5, ProductDeactivated.class.getName());
            insert.setObject(6, UUID.fromString(acme.id()));
            assertThatThrownBy(insert::executeUpdate).isInstanceOfSatisfying(SQLException.class, refused ->
                    assertThat(refused.getSQLState()).as(refused.getMessage()).isIn(CHECK_VIOLATION, OUT_OF_RANGE));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE globalindex > ? AND timestamp = ?",
                Long.class, head, timestamp)).isZero();
    }

    @Test
    void onlyTheEventStoresWriterMayTakeAPosition() {
        for (String function : new String[] {"calibrate_next_event_position()", "calibrate_force_event_position()"}) {
            assertThat(executable("calibrate_worker", function)).as(function).isTrue();
            assertThat(executable("calibrate_api", function)).as(function).isFalse();
            assertThat(executable("calibrate_copilot", function)).as(function).isFalse();
            assertThat(executable("public", function)).as(function).isFalse();
        }
    }

    @Test
    void aFenceTakenInsideACallersTransactionIsATransactionOfItsOwn() throws Exception {
        Thread.sleep(150); // past the horizon's refresh, so the next call takes a fence
        Object callersId = new TransactionTemplate(transactionManager).execute(tx -> {
            horizon.position();
            return jdbc.queryForObject("SELECT pg_current_xact_id_if_assigned()::text", String.class);
        });
        assertThat(callersId).as("the caller's transaction was given no transaction id by the fence").isNull();
    }

    private boolean executable(String role, String function) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT has_function_privilege(?, ?, 'EXECUTE')",
                Boolean.class, role, function));
    }
}
