package dev.calibrate.app.webhooks.endpoint;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

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

    /** Rotated-out secrets kept signing at once, at most: a further rotation drops the oldest. */
    public static final int MAX_PREVIOUS_SECRETS = 3;

    private static final String COLUMNS = "id, tenant_id, url, description, event_types, status, status_reason,"
            + " (SELECT max(s.valid_until) FROM webhook_endpoint_secret s WHERE s.endpoint_id = webhook_endpoint.id)"
            + " AS previous_secret_until, feed_cursor, created_at, updated_at";

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

    /** {@code cursor}: where its feed starts anew (it followed none before), or null to keep its place. */
    public void update(TenantId tenantId, WebhookId id, String url, @Nullable String description,
                       List<String> eventTypes, @Nullable Long cursor, Instant now) {
        jdbc.update("UPDATE webhook_endpoint SET url = ?, description = ?, event_types = ?, updated_at = ?,"
                        + " feed_cursor = COALESCE(?, feed_cursor) WHERE tenant_id = ? AND id = ?", url, description,
                eventTypes.toArray(String[]::new), Timestamp.from(now), cursor, tenantId.value(), id.value());
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

    /**
     * The new secret signs from now on; the one it replaces also signs until {@code previousUntil}, as do
     * earlier ones until their own ends: at most {@link #MAX_PREVIOUS_SECRETS}, the oldest dropped first.
     * False when there is no such endpoint (deleted meanwhile): nothing is stored.
     */
    @Transactional
    public boolean rotate(TenantId tenantId, WebhookId id, String secret, Instant previousUntil, Instant now) {
        List<byte[]> current = jdbc.query("SELECT secret FROM webhook_endpoint WHERE tenant_id = ? AND id = ?"
                + " FOR UPDATE", (rs, n) -> rs.getBytes(1), tenantId.value(), id.value());
        if (current.isEmpty()) {
            return false;
        }
        jdbc.update("INSERT INTO webhook_endpoint_secret (endpoint_id, tenant_id, secret, valid_until)"
                + " VALUES (?, ?, ?, ?)", id.value(), tenantId.value(), current.get(0), Timestamp.from(previousUntil));
        jdbc.update("DELETE FROM webhook_endpoint_secret WHERE endpoint_id = ? AND (valid_until <= ? OR ctid NOT IN"
                        + " (SELECT ctid FROM webhook_endpoint_secret WHERE endpoint_id = ?"
                        + " ORDER BY valid_until DESC LIMIT ?))", id.value(), Timestamp.from(now), id.value(),
                MAX_PREVIOUS_SECRETS);
        return jdbc.update("UPDATE webhook_endpoint SET secret = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                secrets.seal(tenantId, purpose(id), secret), Timestamp.from(now), tenantId.value(), id.value()) == 1;
    }

    /**
     * The secrets that sign a delivery at {@code now}: the current one, then the rotated-out ones still
     * within their overlap, the most recent first.
     */
    public List<String> signingSecrets(TenantId tenantId, WebhookId id, Instant now) {
        List<String> open = new ArrayList<>();
        jdbc.query("SELECT secret FROM webhook_endpoint WHERE tenant_id = ? AND id = ?",
                (rs, n) -> open.add(secrets.open(tenantId, purpose(id), rs.getBytes(1))), tenantId.value(), id.value());
        if (open.isEmpty()) {
            return open;
        }
        jdbc.query("SELECT secret FROM webhook_endpoint_secret WHERE tenant_id = ? AND endpoint_id = ?"
                        + " AND valid_until > ? ORDER BY valid_until DESC LIMIT ?",
                (rs, n) -> open.add(secrets.open(tenantId, purpose(id), rs.getBytes(1))), tenantId.value(), id.value(),
                Timestamp.from(now), MAX_PREVIOUS_SECRETS);
        return open;
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
