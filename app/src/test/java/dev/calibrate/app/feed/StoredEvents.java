package dev.calibrate.app.feed;

import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import org.springframework.core.env.Environment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** Event rows written straight into the store as its owner, for what the API would never write. */
final class StoredEvents {

    private final Environment env;

    StoredEvents(Environment env) {
        this.env = env;
    }

    Connection owner() throws SQLException {
        return DriverManager.getConnection(env.getRequiredProperty("spring.datasource.url"), "postgres", "");
    }

    /** Appends one row through the table's defaults (its position among them) and returns its position. */
    long append(FeedTenant tenant, String aggregateType, String payloadType, byte[] payload) throws SQLException {
        try (Connection connection = owner(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type, timestamp,
                                              payloadtype, payloadrevision, payload, metadata, tenant_id)
                VALUES (?, ?, 0, ?, ?, ?, NULL, ?, ?, ?) RETURNING globalindex""")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, UUID.randomUUID().toString());
            insert.setString(3, aggregateType);
            insert.setString(4, Instant.now().toString());
            insert.setString(5, payloadType);
            insert.setBytes(6, payload);
            insert.setBytes(7, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            insert.setObject(8, UUID.fromString(tenant.id()));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
