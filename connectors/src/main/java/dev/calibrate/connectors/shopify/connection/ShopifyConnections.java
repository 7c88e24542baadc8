package dev.calibrate.connectors.shopify.connection;

import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code shopify_connection} table: one shop per tenant, its secrets sealed by the {@link SecretBox}.
 * Every query names the tenant (the pool's role sees all tenants, for webhooks that arrive without one).
 */
@Repository
public class ShopifyConnections {

    static final String ACCESS_TOKEN = "shopify-access-token";
    static final String API_SECRET = "shopify-api-secret";
    static final String REFRESH_TOKEN = "shopify-refresh-token";

    private static final String COLUMNS = "tenant_id, shop, shop_name, currency, kind, status, status_reason,"
            + " webhook_ids, connected_at, access_expires_at";

    private final JdbcTemplate jdbc;
    private final SecretBox secrets;

    public ShopifyConnections(JdbcTemplate jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /** What a new or renewed connection stores; the secrets are sealed before they reach the table. */
    public record Credentials(String accessToken, String apiSecret, String refreshToken, Instant accessExpiresAt,
                              Instant refreshExpiresAt) {
        @Override
        public String toString() {
            return "Credentials[secrets hidden]";
        }
    }

    /** Stores (or replaces) the tenant's connection. Fails if another tenant has connected this shop. */
    public void save(TenantId tenantId, String shop, String shopName, String currency, ShopConnection.Kind kind,
                     Credentials credentials, Instant now) {
        jdbc.update("INSERT INTO shopify_connection (tenant_id, shop, shop_name, currency, kind, access_token,"
                        + " api_secret, refresh_token, access_expires_at, refresh_expires_at, status, connected_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?)"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET shop = EXCLUDED.shop, shop_name = EXCLUDED.shop_name,"
                        + " currency = EXCLUDED.currency, kind = EXCLUDED.kind, access_token = EXCLUDED.access_token,"
                        + " api_secret = EXCLUDED.api_secret, refresh_token = EXCLUDED.refresh_token,"
                        + " access_expires_at = EXCLUDED.access_expires_at, refresh_expires_at = EXCLUDED.refresh_expires_at,"
                        + " status = 'ACTIVE', status_reason = NULL, connected_at = EXCLUDED.connected_at",
                tenantId.value(), shop, shopName, currency, kind.name(),
                secrets.seal(tenantId, ACCESS_TOKEN, credentials.accessToken()),
                seal(tenantId, API_SECRET, credentials.apiSecret()),
                seal(tenantId, REFRESH_TOKEN, credentials.refreshToken()),
                timestamp(credentials.accessExpiresAt()), timestamp(credentials.refreshExpiresAt()), Timestamp.from(now));
    }

    /** After a token refresh: the new access (and refresh) token replace the old ones. */
    public void renewTokens(TenantId tenantId, Credentials credentials) {
        jdbc.update("UPDATE shopify_connection SET access_token = ?, refresh_token = ?, access_expires_at = ?,"
                        + " refresh_expires_at = ?, status = 'ACTIVE', status_reason = NULL WHERE tenant_id = ?",
                secrets.seal(tenantId, ACCESS_TOKEN, credentials.accessToken()),
                seal(tenantId, REFRESH_TOKEN, credentials.refreshToken()),
                timestamp(credentials.accessExpiresAt()), timestamp(credentials.refreshExpiresAt()), tenantId.value());
    }

    public Optional<ShopConnection> find(TenantId tenantId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM shopify_connection WHERE tenant_id = ?", ROW, tenantId.value())
                .stream().findFirst();
    }

    /** The connection a webhook from {@code shop} belongs to, whichever tenant it is. */
    public Optional<ShopConnection> findByShop(String shop) {
        return jdbc.query("SELECT " + COLUMNS + " FROM shopify_connection WHERE shop = ?", ROW, shop).stream().findFirst();
    }

    public List<ShopConnection> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM shopify_connection ORDER BY shop", ROW);
    }

    public String accessToken(TenantId tenantId) {
        return open(tenantId, ACCESS_TOKEN, "access_token");
    }

    /** The secret that signs this connection's webhooks: the custom app's api secret (null for OAuth installs). */
    public String apiSecret(TenantId tenantId) {
        return open(tenantId, API_SECRET, "api_secret");
    }

    public String refreshToken(TenantId tenantId) {
        return open(tenantId, REFRESH_TOKEN, "refresh_token");
    }

    public void webhooksSubscribed(TenantId tenantId, List<String> ids) {
        jdbc.update("UPDATE shopify_connection SET webhook_ids = ? WHERE tenant_id = ?",
                ids.toArray(String[]::new), tenantId.value());
    }

    public void status(TenantId tenantId, ShopConnection.Status status, String reason) {
        jdbc.update("UPDATE shopify_connection SET status = ?, status_reason = ? WHERE tenant_id = ?",
                status.name(), reason, tenantId.value());
    }

    /** Disconnecting deletes the row, and with it every sealed secret. */
    public boolean delete(TenantId tenantId) {
        return jdbc.update("DELETE FROM shopify_connection WHERE tenant_id = ?", tenantId.value()) > 0;
    }

    private String open(TenantId tenantId, String purpose, String column) {
        byte[] sealed = jdbc.query("SELECT " + column + " FROM shopify_connection WHERE tenant_id = ?",
                rs -> rs.next() ? rs.getBytes(1) : null, tenantId.value());
        return sealed == null ? null : secrets.open(tenantId, purpose, sealed);
    }

    private byte[] seal(TenantId tenantId, String purpose, String secret) {
        return secret == null ? null : secrets.seal(tenantId, purpose, secret);
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static final RowMapper<ShopConnection> ROW = ShopifyConnections::row;

    private static ShopConnection row(ResultSet rs, int n) throws SQLException {
        Array ids = rs.getArray("webhook_ids");
        Timestamp expires = rs.getTimestamp("access_expires_at");
        return new ShopConnection(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("shop"),
                rs.getString("shop_name"), rs.getString("currency"),
                ShopConnection.Kind.valueOf(rs.getString("kind")),
                ShopConnection.Status.valueOf(rs.getString("status")), rs.getString("status_reason"),
                ids == null ? List.of() : Arrays.asList((String[]) ids.getArray()),
                rs.getTimestamp("connected_at").toInstant(), expires == null ? null : expires.toInstant());
    }
}
