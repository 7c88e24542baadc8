package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code webhook_delivery} table (the outbox), its one writer. Callers' reads go through
 * {@link TenantScope#read}; the delivery loop's statements run as the worker and name what they touch.
 */
@Repository
public class WebhookDeliveries {

    private static final String COLUMNS = "id, endpoint_id, tenant_id, kind, event_id, event_type, position, body,"
            + " status, attempts, next_attempt_at, last_attempt_at, last_response_code, last_response_body,"
            + " last_error, created_at";

    /** A delivery to queue: an event of the feed (or a replayed or test one) as its CloudEvent JSON. */
    public record Queued(String eventId, String eventType, @Nullable Long position, String body) {
    }

    /** The next delivery of an endpoint, due to be sent. */
    public record Due(long id, WebhookId endpointId, TenantId tenantId) {
    }

    private final JdbcTemplate jdbc;
    private final TenantScope tenantScope;

    public WebhookDeliveries(JdbcTemplate jdbc, TenantScope tenantScope) {
        this.jdbc = jdbc;
        this.tenantScope = tenantScope;
    }

    /**
     * Locks the endpoint's row if it is active and still at {@code cursor} (skipping it when another node
     * holds it): the caller's transaction then queues and moves the cursor, or does nothing.
     */
    public boolean lockAtCursor(WebhookId endpoint, long cursor) {
        return !jdbc.queryForList("SELECT 1 FROM webhook_endpoint WHERE id = ? AND feed_cursor = ? AND status = 'ACTIVE'"
                + " FOR UPDATE SKIP LOCKED", endpoint.value(), cursor).isEmpty();
    }

    public void moveCursor(WebhookId endpoint, long cursor) {
        jdbc.update("UPDATE webhook_endpoint SET feed_cursor = ? WHERE id = ?", cursor, endpoint.value());
    }

    /** Queues in the given order; an event already queued for the endpoint is not queued twice. */
    public void queue(WebhookId endpoint, TenantId tenantId, DeliveryKind kind, List<Queued> deliveries,
                      Instant now) {
        String conflict = kind == DeliveryKind.EVENT ? " ON CONFLICT (endpoint_id, event_id) WHERE kind = 'EVENT'"
                + " DO NOTHING" : "";
        jdbc.batchUpdate("INSERT INTO webhook_delivery (endpoint_id, tenant_id, kind, event_id, event_type, position,"
                + " body, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)" + conflict,
                deliveries.stream().map(d -> new Object[]{endpoint.value(), tenantId.value(), kind.name(), d.eventId(),
                        d.eventType(), d.position(), d.body(), Timestamp.from(now), Timestamp.from(now)}).toList());
    }

    /** Records a delivery already attempted (a ping, sent at once, never retried) and answers its id. */
    public long insertSettled(WebhookId endpoint, TenantId tenantId, DeliveryKind kind, Queued delivery,
                              DeliveryStatus status, Instant attemptedAt, @Nullable Integer responseCode,
                              @Nullable String responseBody, @Nullable String error) {
        return jdbc.queryForObject("INSERT INTO webhook_delivery (endpoint_id, tenant_id, kind, event_id, event_type,"
                        + " position, body, status, attempts, next_attempt_at, last_attempt_at, last_response_code,"
                        + " last_response_body, last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)"
                        + " RETURNING id", Long.class, endpoint.value(), tenantId.value(), kind.name(),
                delivery.eventId(), delivery.eventType(), delivery.position(), delivery.body(), status.name(),
                Timestamp.from(attemptedAt), Timestamp.from(attemptedAt), responseCode, responseBody, error,
                Timestamp.from(attemptedAt));
    }

    public int pending(WebhookId endpoint) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND status = 'PENDING'",
                Integer.class, endpoint.value());
    }

    /**
     * The first pending delivery of each active endpoint, where it is due: only an endpoint's first is
     * ever sent, so an endpoint's deliveries go one at a time and in order.
     */
    public List<Due> due(Instant now, int limit) {
        return jdbc.query("""
                SELECT d.id, d.endpoint_id, d.tenant_id
                  FROM webhook_endpoint e
                  JOIN LATERAL (SELECT id, endpoint_id, tenant_id, next_attempt_at FROM webhook_delivery
                                 WHERE endpoint_id = e.id AND status = 'PENDING' ORDER BY id LIMIT 1) d ON true
                 WHERE e.status = 'ACTIVE' AND d.next_attempt_at <= ?
                 ORDER BY d.next_attempt_at
                 LIMIT ?""", (rs, n) -> new Due(rs.getLong(1), new WebhookId(rs.getObject(2, UUID.class)),
                new TenantId(rs.getObject(3, UUID.class))), Timestamp.from(now), limit);
    }

    /**
     * Locks the delivery for sending, in the caller's transaction, if it is still pending and still its
     * endpoint's first; empty when another node has it or it was settled meanwhile.
     */
    public Optional<Delivery> lockFirst(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_delivery d WHERE id = ? AND status = 'PENDING'"
                + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery o WHERE o.endpoint_id = d.endpoint_id"
                + " AND o.status = 'PENDING' AND o.id < d.id) FOR UPDATE SKIP LOCKED", ROW, id).stream().findFirst();
    }

    public void record(long id, DeliveryStatus status, int attempts, Instant nextAttemptAt, Instant attemptedAt,
                       @Nullable Integer responseCode, @Nullable String responseBody, @Nullable String error) {
        jdbc.update("UPDATE webhook_delivery SET status = ?, attempts = ?, next_attempt_at = ?, last_attempt_at = ?,"
                        + " last_response_code = ?, last_response_body = ?, last_error = ? WHERE id = ?",
                status.name(), attempts, Timestamp.from(nextAttemptAt), Timestamp.from(attemptedAt), responseCode,
                responseBody, error, id);
    }

    /** The endpoint's deliveries, newest first, before the delivery id {@code before} (0: from the newest). */
    public List<Delivery> list(TenantId tenantId, WebhookId endpoint, long before, int limit) {
        return tenantScope.read(tenantId, () -> jdbc.query("SELECT " + COLUMNS + " FROM webhook_delivery"
                        + " WHERE tenant_id = ? AND endpoint_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?", ROW,
                tenantId.value(), endpoint.value(), before, before, limit));
    }

    public Optional<Delivery> find(TenantId tenantId, long id) {
        return tenantScope.read(tenantId, () -> jdbc.query("SELECT " + COLUMNS + " FROM webhook_delivery"
                + " WHERE tenant_id = ? AND id = ?", ROW, tenantId.value(), id).stream().findFirst());
    }

    static final RowMapper<Delivery> ROW = (rs, n) -> new Delivery(rs.getLong("id"),
            new WebhookId(rs.getObject("endpoint_id", UUID.class)), new TenantId(rs.getObject("tenant_id", UUID.class)),
            DeliveryKind.valueOf(rs.getString("kind")), rs.getString("event_id"), rs.getString("event_type"),
            rs.getObject("position", Long.class), rs.getString("body"), DeliveryStatus.valueOf(rs.getString("status")),
            rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(),
            instant(rs.getTimestamp("last_attempt_at")), rs.getObject("last_response_code", Integer.class),
            rs.getString("last_response_body"), rs.getString("last_error"), rs.getTimestamp("created_at").toInstant());

    @Nullable
    private static Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
