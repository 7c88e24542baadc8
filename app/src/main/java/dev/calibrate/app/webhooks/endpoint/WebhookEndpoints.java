package dev.calibrate.app.webhooks.endpoint;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code webhook_endpoint} table, its one writer. Reads for a caller go through {@link TenantScope#read}
 * (row-level security keeps other tenants' endpoints out); writes name the tenant in every statement.
 * Secrets are sealed by the {@link SecretBox} under a purpose naming the endpoint, so a sealed secret
 * copied to another row does not open.
 */
@Repository
public class WebhookEndpoints {

    private static final String COLUMNS = "id, tenant_id, url, description, event_types, status, status_reason,"
            + " previous_secret_until, feed_cursor, created_at, updated_at";

    private final JdbcTemplate jdbc;
    private final TenantScope tenantScope;
    private final SecretBox secrets;

    public WebhookEndpoints(JdbcTemplate jdbc, TenantScope tenantScope, SecretBox secrets) {
        this.jdbc = jdbc;
        this.tenantScope = tenantScope;
        this.secrets = secrets;
    }

    public void insert(WebhookEndpoint endpoint, String secret) {
        jdbc.update("INSERT INTO webhook_endpoint (id, tenant_id, url, description, event_types, status, secret,"
                        + " feed_cursor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                endpoint.id().value(), endpoint.tenantId().value(), endpoint.url(), endpoint.description(),
                endpoint.eventTypes().toArray(String[]::new), endpoint.status().name(),
                secrets.seal(endpoint.tenantId(), purpose(endpoint.id()), secret), endpoint.cursor(),
                Timestamp.from(endpoint.createdAt()), Timestamp.from(endpoint.updatedAt()));
    }

    public int count(TenantId tenantId) {
        return tenantScope.read(tenantId, () -> jdbc.queryForObject(
                "SELECT count(*) FROM webhook_endpoint WHERE tenant_id = ?", Integer.class, tenantId.value()));
    }

    public List<WebhookEndpoint> list(TenantId tenantId) {
        return tenantScope.read(tenantId, () -> jdbc.query("SELECT " + COLUMNS
                + " FROM webhook_endpoint WHERE tenant_id = ? ORDER BY created_at, id", ROW, tenantId.value()));
    }

    public Optional<WebhookEndpoint> find(TenantId tenantId, WebhookId id) {
        return tenantScope.read(tenantId, () -> jdbc.query("SELECT " + COLUMNS
                        + " FROM webhook_endpoint WHERE tenant_id = ? AND id = ?", ROW, tenantId.value(), id.value())
                .stream().findFirst());
    }

    /** The endpoint, whichever tenant's: for the delivery loop, which acts for every tenant. */
    public Optional<WebhookEndpoint> find(WebhookId id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE id = ?", ROW, id.value())
                .stream().findFirst();
    }

    /** Every tenant's endpoints that are sent to: what a delivery pass walks. */
    public List<WebhookEndpoint> active() {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE status = 'ACTIVE' ORDER BY id", ROW);
    }

    public void update(TenantId tenantId, WebhookId id, String url, @Nullable String description,
                       List<String> eventTypes, Instant now) {
        jdbc.update("UPDATE webhook_endpoint SET url = ?, description = ?, event_types = ?, updated_at = ?"
                        + " WHERE tenant_id = ? AND id = ?", url, description, eventTypes.toArray(String[]::new),
                Timestamp.from(now), tenantId.value(), id.value());
    }

    public void setStatus(TenantId tenantId, WebhookId id, EndpointStatus status, @Nullable String reason,
                          Instant now) {
        jdbc.update("UPDATE webhook_endpoint SET status = ?, status_reason = ?, updated_at = ?"
                + " WHERE tenant_id = ? AND id = ?", status.name(), reason, Timestamp.from(now), tenantId.value(), id.value());
    }

    public boolean delete(TenantId tenantId, WebhookId id) {
        return jdbc.update("DELETE FROM webhook_endpoint WHERE tenant_id = ? AND id = ?", tenantId.value(),
                id.value()) > 0;
    }

    /** The current secret signs from now on; the old one also signs until {@code previousUntil}. */
    public void rotate(TenantId tenantId, WebhookId id, String secret, Instant previousUntil, Instant now) {
        jdbc.update("UPDATE webhook_endpoint SET previous_secret = secret, previous_secret_until = ?, secret = ?,"
                        + " updated_at = ? WHERE tenant_id = ? AND id = ?", Timestamp.from(previousUntil),
                secrets.seal(tenantId, purpose(id), secret), Timestamp.from(now), tenantId.value(), id.value());
    }

    /** The secrets that sign a delivery at {@code now}: the current one, then the previous one while it lasts. */
    public List<String> signingSecrets(TenantId tenantId, WebhookId id, Instant now) {
        return jdbc.query("SELECT secret, previous_secret, previous_secret_until FROM webhook_endpoint"
                + " WHERE tenant_id = ? AND id = ?", rs -> {
            List<String> open = new ArrayList<>();
            if (rs.next()) {
                open.add(secrets.open(tenantId, purpose(id), rs.getBytes(1)));
                Timestamp until = rs.getTimestamp(3);
                if (rs.getBytes(2) != null && until != null && now.isBefore(until.toInstant())) {
                    open.add(secrets.open(tenantId, purpose(id), rs.getBytes(2)));
                }
            }
            return open;
        }, tenantId.value(), id.value());
    }

    private static String purpose(WebhookId id) {
        return "webhook-signing-secret:" + id;
    }

    static final RowMapper<WebhookEndpoint> ROW = (rs, n) -> new WebhookEndpoint(
            new WebhookId(rs.getObject("id", UUID.class)), new TenantId(rs.getObject("tenant_id", UUID.class)),
            rs.getString("url"), rs.getString("description"),
            Arrays.asList((String[]) rs.getArray("event_types").getArray()),
            EndpointStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
            instant(rs.getTimestamp("previous_secret_until")), rs.getLong("feed_cursor"),
            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

    @Nullable
    private static Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
