package dev.calibrate.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.support.Api;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.feed.FeedSteps.ids;
import static dev.calibrate.app.feed.FeedSteps.positions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safe horizon's scenarios, run against whichever application a test started: writers here append as
 * the event store does (a row through the table's own defaults), on their own connections as the database
 * owner, so a transaction can be held open for as long as the test needs.
 */
final class LateCommits {

    private final FeedSteps steps;
    private final String jdbcUrl;

    LateCommits(Api api, String jdbcUrl) {
        this.steps = new FeedSteps(api);
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Two writers append; the one that took its position first commits after {@code held}, while the other and
     * a product created through the API commit at once. Nothing at or after the open position is served while it
     * is open; once it commits everything is served, in position order, the late event in its place.
     */
    void lateCommitIsServedInItsPlace(Duration held) throws Exception {
        FeedTenant acme = steps.tenant("Horizon " + UUID.randomUUID());
        String start = steps.page(acme, "?limit=1000").get("next").asText();
        String productId = steps.createProduct(acme, "HZ-1");
        List<JsonNode> before = steps.all(acme, start, 100, "");

        try (Connection older = connect(); Connection late = connect()) {
            // the hard case: a transaction that took its xid first but its position last
            older.createStatement().execute("SELECT pg_current_xact_id()");
            long latePosition = append(late, acme, productId, new ProductDeactivated(null, null));
            long olderPosition = append(older, acme, productId, new ProductReactivated(null, null));
            older.commit();
            String laterProduct = steps.createProductNow(acme, "HZ-2").json().get("id").asText();
            assertThat(olderPosition).isGreaterThan(latePosition);

            Instant until = Instant.now().plus(held);
            while (Instant.now().isBefore(until)) {
                List<JsonNode> served = steps.all(acme, start, 100, "");
                assertThat(positions(served)).as("nothing at or after the open transaction's position")
                        .allMatch(position -> position < latePosition);
                assertThat(ids(served)).containsExactlyElementsOf(ids(before));
                Thread.sleep(200);
            }

            late.commit();
            List<Long> stored = storedPositions(acme, start);
            FeedSteps.await(() -> positions(steps.all(acme, start, 100, "")).equals(stored));
            List<JsonNode> served = steps.all(acme, start, 100, "");
            assertThat(positions(served)).isSorted().doesNotHaveDuplicates();
            assertThat(served.subList(0, before.size())).extracting(e -> e.get("id").asText())
                    .containsExactlyElementsOf(ids(before));
            List<JsonNode> after = served.subList(before.size(), served.size());
            assertThat(after.get(0).get("position").asLong()).isEqualTo(latePosition);
            assertThat(after.get(0).get("type").asText()).isEqualTo("dev.calibrate.ProductDeactivated.v1");
            assertThat(after.get(1).get("position").asLong()).isEqualTo(olderPosition);
            assertThat(after).extracting(e -> e.get("subject").asText()).contains(laterProduct);
            assertThat(positions(served)).containsExactlyElementsOf(storedPositions(acme, start));
        }
    }

    /**
     * The audit seal stops at the same horizon as the feed: while an append that took its position first is
     * still open, nothing at or after that position is sealed (for any tenant), however often the sealer runs;
     * once it commits, the late event is sealed in its place, its leaf before the later one's.
     */
    void lateCommitIsSealedInItsPlace(AuditSealer sealer) throws Exception {
        FeedTenant acme = steps.tenant("Seal horizon " + UUID.randomUUID());
        String productId = steps.createProduct(acme, "SH-1");

        try (Connection late = connect(); Connection later = connect()) {
            long latePosition = append(late, acme, productId, new ProductDeactivated(null, null));
            long laterPosition = append(later, acme, productId, new ProductReactivated(null, null));
            later.commit();
            steps.createProductNow(acme, "SH-2");
            for (int run = 0; run < 3; run++) {
                sealer.sealDue(() -> false);
                assertThat(sealedPositions(null)).as("nothing sealed at or after the open position")
                        .allMatch(position -> position < latePosition);
                Thread.sleep(100);
            }

            late.commit();
            UUID tenant = UUID.fromString(acme.id());
            List<Long> stored = storedPositions(acme, "0");
            FeedSteps.await(() -> {
                sealer.sealDue(() -> false);
                try {
                    return sealedPositions(tenant).size() == stored.size();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Long> sealed = sealedPositions(tenant);
            assertThat(sealed).as("leaves in position order, the late one in its place").isSorted()
                    .contains(latePosition, laterPosition);
            assertThat(sealed.indexOf(latePosition)).isEqualTo(sealed.indexOf(laterPosition) - 1);
            assertThat(sealed).containsExactlyElementsOf(stored);
        }
    }

    /** The positions sealed: of one tenant, in leaf order; of every tenant when {@code tenant} is null. */
    private List<Long> sealedPositions(UUID tenant) throws SQLException {
        try (Connection owner = connect(); PreparedStatement select = owner.prepareStatement(tenant == null
                ? "SELECT position FROM audit_leaf ORDER BY position"
                : "SELECT position FROM audit_leaf WHERE tenant_id = ? ORDER BY leaf_index")) {
            if (tenant != null) {
                select.setObject(1, tenant);
            }
            List<Long> positions = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    positions.add(rs.getLong(1));
                }
            }
            return positions;
        }
    }

    /** An append held open for half of {@code held} and rolled back holds the feed only while it is open. */
    void rolledBackAppendHoldsTheFeedOnlyWhileOpen(Duration held) throws Exception {
        FeedTenant acme = steps.tenant("Horizon rollback " + UUID.randomUUID());
        String start = steps.page(acme, "?limit=1000").get("next").asText();
        String productId = steps.createProduct(acme, "RB-1");
        int before = steps.all(acme, start, 100, "").size();

        try (Connection abandoned = connect()) {
            long position = append(abandoned, acme, productId, new ProductDeactivated(null, null));
            steps.createProductNow(acme, "RB-2");
            Thread.sleep(held.toMillis() / 2);
            assertThat(positions(steps.all(acme, start, 100, ""))).allMatch(p -> p < position).hasSize(before);

            abandoned.rollback();
            FeedSteps.await(() -> steps.all(acme, start, 100, "").size() == before + 2);
            List<JsonNode> served = steps.all(acme, start, 100, "");
            assertThat(served).hasSize(before + 2);
            assertThat(positions(served)).doesNotContain(position).containsExactlyElementsOf(storedPositions(acme, start));
        }
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        connection.setAutoCommit(false);
        return connection;
    }

    /** One event row, as TenantStampedAppend writes it: the position from the table's default. */
    private long append(Connection connection, FeedTenant tenant, String productId, Object kind) throws SQLException {
        String payload = "{\"productId\":\"" + productId + "\",\"tenantId\":\"" + tenant.id() + "\"}";
        Class<?> type = kind.getClass();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type, timestamp,
                                              payloadtype, payloadrevision, payload, metadata, tenant_id)
                VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?) RETURNING globalindex""")) {
            insert.setString(1, UUID.randomUUID().toString());
            // an aggregate of its own, so the two held writers never wait on each other's sequence number
            insert.setString(2, productId + "-" + UUID.randomUUID());
            insert.setLong(3, 0);
            insert.setString(4, ProductId.AGGREGATE_TYPE);
            insert.setString(5, Instant.now().toString());
            insert.setString(6, type.getName());
            insert.setBytes(7, payload.getBytes(StandardCharsets.UTF_8));
            insert.setBytes(8, "{}".getBytes(StandardCharsets.UTF_8));
            insert.setObject(9, UUID.fromString(tenant.id()));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<Long> storedPositions(FeedTenant tenant, String after) throws SQLException {
        try (Connection owner = connect(); PreparedStatement select = owner.prepareStatement(
                "SELECT globalindex FROM domainevententry WHERE tenant_id = ? AND globalindex > ? ORDER BY globalindex")) {
            select.setObject(1, UUID.fromString(tenant.id()));
            select.setLong(2, FeedSteps.position(after));
            List<Long> positions = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    positions.add(rs.getLong(1));
                }
            }
            return positions;
        }
    }
}
