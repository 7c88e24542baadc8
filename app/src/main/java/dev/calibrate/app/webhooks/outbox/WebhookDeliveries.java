package dev.calibrate.app.webhooks.outbox;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
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

    /**
     * Locks the endpoint's row, waiting for its holder: the caller's transaction then counts and queues
     * alone. False when there is no row (deleted meanwhile): nothing may be queued for it.
     */
    public boolean lockEndpoint(WebhookId endpoint) {
        return !jdbc.queryForList("SELECT 1 FROM webhook_endpoint WHERE id = ? FOR UPDATE", endpoint.value()).isEmpty();
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
                deliveries.stream().map(d -> new Object[]{endpoint.value(), tenantId.value(), kind.column(), d.eventId(),
                        d.eventType(), d.position(), d.body(), Timestamp.from(now), Timestamp.from(now)}).toList());
    }

    /**
     * Queues one delivery of {@code type} to each of the tenant's endpoints that receive it (named, or every
     * type), whatever their status (a paused endpoint sends it once resumed), but none whose outbox already
     * holds {@code maxPending}; answers how many were queued. In the caller's transaction.
     */
    public int queueToSubscribers(TenantId tenantId, DeliveryKind kind, Queued delivery, int maxPending,
                                  Instant now) {
        return jdbc.update("INSERT INTO webhook_delivery (endpoint_id, tenant_id, kind, event_id, event_type, position,"
                + " body, status, next_attempt_at, created_at)"
                + " SELECT e.id, e.tenant_id, ?, ?, ?, ?, ?, 'PENDING', ?, ? FROM webhook_endpoint e"
                + " WHERE e.tenant_id = ? AND (? = ANY (e.event_types) OR '*' = ANY (e.event_types))"
                + " AND (SELECT count(*) FROM webhook_delivery d WHERE d.endpoint_id = e.id AND d.status = 'PENDING') < ?"
                // an endpoint deleted meanwhile is skipped once its delete commits, not a foreign key violation
                // failing every endpoint's row; a feeder holding one only delays it
                + " FOR KEY SHARE OF e",
                kind.column(), delivery.eventId(), delivery.eventType(), delivery.position(), delivery.body(),
                Timestamp.from(now), Timestamp.from(now), tenantId.value(), delivery.eventType(), maxPending);
    }

    /**
     * Records a delivery already attempted (a ping, sent at once, never retried) and answers its id; empty
     * when the endpoint is gone (deleted while it was sent): nothing is recorded.
     */
    public Optional<Long> insertSettled(WebhookId endpoint, TenantId tenantId, DeliveryKind kind, Queued delivery,
                                        DeliveryStatus status, Instant attemptedAt, @Nullable Integer responseCode,
                                        @Nullable String responseBody, @Nullable String error) {
        return jdbc.queryForList("INSERT INTO webhook_delivery (endpoint_id, tenant_id, kind, event_id, event_type,"
                        + " position, body, status, attempts, next_attempt_at, last_attempt_at, last_response_code,"
                        + " last_response_body, last_error, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?"
                        + " WHERE EXISTS (SELECT 1 FROM webhook_endpoint WHERE id = ? FOR KEY SHARE) RETURNING id",
                Long.class, endpoint.value(), tenantId.value(), kind.column(),
                delivery.eventId(), delivery.eventType(), delivery.position(), delivery.body(), status.name(),
                Timestamp.from(attemptedAt), Timestamp.from(attemptedAt), responseCode, responseBody, error,
                Timestamp.from(attemptedAt), endpoint.value()).stream().findFirst();
    }

    /** Deletes the endpoint's pings but the newest {@code kept}. */
    public void keepLastPings(WebhookId endpoint, int kept) {
        jdbc.update("DELETE FROM webhook_delivery WHERE endpoint_id = ? AND kind = 'PING' AND id < ALL (SELECT id"
                + " FROM webhook_delivery WHERE endpoint_id = ? AND kind = 'PING' ORDER BY id DESC LIMIT ?)",
                endpoint.value(), endpoint.value(), kept);
    }

    public int pending(WebhookId endpoint) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND status = 'PENDING'",
                Integer.class, endpoint.value());
    }

    /**
     * The first pending delivery of each active endpoint, where it is due and not leased: only an
     * endpoint's first is ever sent, so an endpoint's deliveries go one at a time and in order. At most
     * {@code perTenant} of one tenant, taken in turns (every tenant's oldest, then every tenant's second
     * oldest...), so a tenant with many due endpoints cannot fill a pass and starve the others. {@code now}
     * null: the database's clock ({@link OutboxTime}).
     */
    public List<Due> due(@Nullable Instant now, int perTenant, int limit) {
        Timestamp at = timestamp(now);
        return jdbc.query("""
                SELECT id, endpoint_id, tenant_id FROM (
                    SELECT d.id, d.endpoint_id, d.tenant_id, d.next_attempt_at,
                           row_number() OVER (PARTITION BY d.tenant_id ORDER BY d.next_attempt_at, d.id) AS turn
                      FROM webhook_endpoint e
                      JOIN LATERAL (SELECT id, endpoint_id, tenant_id, next_attempt_at, leased_until
                                      FROM webhook_delivery
                                     WHERE endpoint_id = e.id AND status = 'PENDING' ORDER BY id LIMIT 1) d ON true
                     WHERE e.status = 'ACTIVE' AND d.next_attempt_at <= %1$s
                       AND (d.leased_until IS NULL OR d.leased_until <= %1$s)) ranked
                 WHERE turn <= ?
                 ORDER BY turn, next_attempt_at, id
                 LIMIT ?""".formatted(OutboxTime.SQL), (rs, n) -> new Due(rs.getLong(1),
                new WebhookId(rs.getObject(2, UUID.class)), new TenantId(rs.getObject(3, UUID.class))),
                at, at, perTenant, limit);
    }

    /**
     * Leases the delivery to {@code owner} for {@code lease}, in a statement of its own (committed before
     * anything is sent), if it is pending, due, not leased by another sender (or that lease ran out: its
     * node died) and still its endpoint's first. The lease counts the attempt and already moves the row
     * to its next retry ({@code waits}: the wait after each failed attempt, the last for any later one),
     * so that an attempt whose outcome is never recorded (its node died, or it outlived its lease) is
     * still counted and not made again before its retry time; the settle then overwrites both. Empty when
     * it is not to be sent now. {@code now} null: the database's clock ({@link OutboxTime}).
     */
    public Optional<Delivery> lease(long id, UUID owner, @Nullable Instant now, Duration lease, List<Duration> waits) {
        Timestamp at = timestamp(now);
        String millis = waits.stream().map(wait -> Long.toString(wait.toMillis()))
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        return jdbc.query(("UPDATE webhook_delivery d SET leased_until = %1$s + CAST(? AS bigint) * interval '1 millisecond',"
                + " lease_owner = ?, attempts = attempts + 1, next_attempt_at = %1$s"
                + " + (CAST(? AS bigint[]))[LEAST(attempts + 1, ?)] * interval '1 millisecond'"
                + " WHERE id = ? AND status = 'PENDING' AND next_attempt_at <= %1$s"
                + " AND (leased_until IS NULL OR leased_until <= %1$s)"
                + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery o WHERE o.endpoint_id = d.endpoint_id"
                + " AND o.status = 'PENDING' AND o.id < d.id) RETURNING " + COLUMNS).formatted(OutboxTime.SQL), ROW,
                at, lease.toMillis(), owner, at, millis, waits.size(), id, at, at).stream().findFirst();
    }

    /**
     * Records an attempt's outcome and releases the lease, only if the lease is still {@code owner}'s:
     * false when it ran out and another sender has (or had) the row, whose outcome then counts. The
     * next attempt is {@code wait} after now; {@code now} null: the database's clock ({@link OutboxTime}).
     */
    public boolean settle(long id, UUID owner, DeliveryStatus status, int attempts, Duration wait,
                          @Nullable Instant now, @Nullable Integer responseCode, @Nullable String responseBody,
                          @Nullable String error) {
        Timestamp at = timestamp(now);
        return jdbc.update(("UPDATE webhook_delivery SET status = ?, attempts = ?,"
                        + " next_attempt_at = %1$s + CAST(? AS bigint) * interval '1 millisecond',"
                        + " last_attempt_at = %1$s, last_response_code = ?, last_response_body = ?, last_error = ?,"
                        + " leased_until = NULL, lease_owner = NULL"
                        + " WHERE id = ? AND lease_owner = ? AND status = 'PENDING'").formatted(OutboxTime.SQL),
                status.name(), attempts, at, wait.toMillis(), at, responseCode, responseBody, error, id, owner) == 1;
    }

    /** Gives a leased row back unsent, as it was: the attempt the lease counted is taken back, and it is due now. */
    public void release(long id, UUID owner, @Nullable Instant now) {
        jdbc.update(("UPDATE webhook_delivery SET leased_until = NULL, lease_owner = NULL, attempts = attempts - 1,"
                + " next_attempt_at = %1$s WHERE id = ? AND lease_owner = ?").formatted(OutboxTime.SQL),
                timestamp(now), id, owner);
    }

    @Nullable
    private static Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /**
     * Deletes at most {@code batch} settled deliveries whose last attempt was before {@code cutoff}, any
     * tenant's; answers how many.
     */
    public int deleteSettled(Instant cutoff, int batch) {
        return jdbc.update("DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM webhook_delivery"
                + " WHERE status <> 'PENDING' AND last_attempt_at < ? LIMIT ?)", Timestamp.from(cutoff), batch);
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
            DeliveryKind.ofColumn(rs.getString("kind")), rs.getString("event_id"), rs.getString("event_type"),
            rs.getObject("position", Long.class), rs.getString("body"), DeliveryStatus.valueOf(rs.getString("status")),
            rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(),
            instant(rs.getTimestamp("last_attempt_at")), rs.getObject("last_response_code", Integer.class),
            rs.getString("last_response_body"), rs.getString("last_error"), rs.getTimestamp("created_at").toInstant());

    @Nullable
    private static Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
