package dev.calibrate.connectors.amazon.connection;

import dev.calibrate.connectors.amazon.AmazonRegion;
import dev.calibrate.connectors.amazon.api.LwaCredentials;
import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code amazon_connection} table: one seller account per tenant, its Login with Amazon
 * credentials sealed by the {@link SecretBox} under purposes of their own. Every query names the tenant.
 */
@Repository
public class AmazonConnections {

    static final String CLIENT_ID = "amazon-lwa-client-id";
    static final String CLIENT_SECRET = "amazon-lwa-client-secret";
    static final String REFRESH_TOKEN = "amazon-lwa-refresh-token";

    private static final String COLUMNS = "tenant_id, seller_id, region, marketplace_ids, status, status_reason, connected_at";

    private final JdbcTemplate jdbc;
    private final SecretBox secrets;

    public AmazonConnections(JdbcTemplate jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /** Stores (or replaces) the tenant's connection, ACTIVE: a reconnect clears a BROKEN status. */
    public void save(TenantId tenantId, String sellerId, AmazonRegion region, List<String> marketplaceIds,
                     LwaCredentials credentials, Instant now) {
        jdbc.update("INSERT INTO amazon_connection (tenant_id, seller_id, region, marketplace_ids, client_id,"
                        + " client_secret, refresh_token, status, connected_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?)"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET seller_id = EXCLUDED.seller_id, region = EXCLUDED.region,"
                        + " marketplace_ids = EXCLUDED.marketplace_ids, client_id = EXCLUDED.client_id,"
                        + " client_secret = EXCLUDED.client_secret, refresh_token = EXCLUDED.refresh_token,"
                        + " status = 'ACTIVE', status_reason = NULL, connected_at = EXCLUDED.connected_at",
                tenantId.value(), sellerId, region.wireName(), marketplaceIds.toArray(String[]::new),
                secrets.seal(tenantId, CLIENT_ID, credentials.clientId()),
                secrets.seal(tenantId, CLIENT_SECRET, credentials.clientSecret()),
                secrets.seal(tenantId, REFRESH_TOKEN, credentials.refreshToken()), Timestamp.from(now));
    }

    public Optional<SellerConnection> find(TenantId tenantId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM amazon_connection WHERE tenant_id = ?", ROW, tenantId.value())
                .stream().findFirst();
    }

    public Optional<SellerConnection> findBySeller(String sellerId, AmazonRegion region) {
        return jdbc.query("SELECT " + COLUMNS + " FROM amazon_connection WHERE seller_id = ? AND region = ?", ROW,
                sellerId, region.wireName()).stream().findFirst();
    }

    public List<SellerConnection> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM amazon_connection ORDER BY connected_at DESC", ROW);
    }

    public LwaCredentials credentials(TenantId tenantId) {
        return jdbc.query("SELECT client_id, client_secret, refresh_token FROM amazon_connection WHERE tenant_id = ?",
                rs -> rs.next() ? new LwaCredentials(secrets.open(tenantId, CLIENT_ID, rs.getBytes(1)),
                        secrets.open(tenantId, CLIENT_SECRET, rs.getBytes(2)),
                        secrets.open(tenantId, REFRESH_TOKEN, rs.getBytes(3))) : null, tenantId.value());
    }

    /** Login with Amazon refused the credentials: syncs stop until the tenant reconnects. */
    public void broken(TenantId tenantId, String reason) {
        jdbc.update("UPDATE amazon_connection SET status = 'BROKEN', status_reason = ? WHERE tenant_id = ?",
                reason, tenantId.value());
    }

    /** Disconnecting deletes the row, and with it every sealed secret. */
    public boolean delete(TenantId tenantId) {
        return jdbc.update("DELETE FROM amazon_connection WHERE tenant_id = ?", tenantId.value()) > 0;
    }

    private static final RowMapper<SellerConnection> ROW = (rs, n) -> new SellerConnection(
            new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("seller_id"),
            AmazonRegion.fromWireName(rs.getString("region")).orElseThrow(),
            Arrays.asList((String[]) rs.getArray("marketplace_ids").getArray()),
            SellerConnection.Status.valueOf(rs.getString("status")), rs.getString("status_reason"),
            rs.getTimestamp("connected_at").toInstant());
}
