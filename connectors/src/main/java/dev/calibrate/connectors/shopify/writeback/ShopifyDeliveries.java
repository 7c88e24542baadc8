package dev.calibrate.connectors.shopify.writeback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery record ({@code shopify_delivery}): per Shopify-linked product the latest price Calibrate
 * intends Shopify to have, and what became of it; and the outcomes waiting to be recorded on their
 * products ({@code shopify_delivery_outcome}). Every write of an outcome names the intent it is about
 * ({@code intent_seq}), so an intent that arrived meanwhile is never marked with an older one's outcome.
 * Every query names the tenant: the pool's role sees all tenants.
 */
@Repository
public class ShopifyDeliveries {

    public enum Status { PENDING, SYNCED, FAILED }

    private static final String INTENT_COLUMNS = "tenant_id, product_id, product_gid, variant_gid, intent_seq,"
            + " price_change_id, action, currency, price, compare_at, intended_at, attempts";
    private static final String PREFIX_BULK = "pending:";
    private static final TypeReference<List<ChannelError>> ERRORS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ShopifyDeliveries(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An intent as the record holds it, with the attempts already spent on it. */
    public record Delivery(DeliveryIntent intent, int attempts) {
        public ProductId productId() {
            return intent.productId();
        }
    }

    /** What {@link #intend} found before it wrote: the previous intent and its status, if there was one. */
    public record Previous(DeliveryIntent intent, Status status) {
    }

    public record Intended(boolean written, Optional<Previous> previous) {
    }

    // --- intents (the event handler) ---------------------------------------------------------------

    /**
     * Makes {@code intent} the product's pending delivery unless the record already holds a newer (or the
     * same) one. Answers whether it wrote, and the intent it found there before.
     */
    public Intended intend(DeliveryIntent intent, Instant now) {
        return jdbc.query("""
                WITH previous AS (
                    SELECT tenant_id, product_id, product_gid, variant_gid, intent_seq, price_change_id, action,
                           currency, price, compare_at, intended_at, status
                      FROM shopify_delivery WHERE product_id = ? FOR UPDATE
                ), written AS (
                    INSERT INTO shopify_delivery (tenant_id, product_id, product_gid, variant_gid, intent_seq,
                                                  price_change_id, action, currency, price, compare_at, intended_at,
                                                  status, attempts, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)
                    ON CONFLICT (product_id) DO UPDATE SET
                        tenant_id = EXCLUDED.tenant_id, product_gid = EXCLUDED.product_gid,
                        variant_gid = EXCLUDED.variant_gid, intent_seq = EXCLUDED.intent_seq,
                        price_change_id = EXCLUDED.price_change_id, action = EXCLUDED.action,
                        currency = EXCLUDED.currency, price = EXCLUDED.price, compare_at = EXCLUDED.compare_at,
                        intended_at = EXCLUDED.intended_at, status = 'PENDING', attempts = 0,
                        next_attempt_at = EXCLUDED.next_attempt_at, last_error = NULL, errors = '[]', synced_at = NULL
                     WHERE shopify_delivery.intent_seq < EXCLUDED.intent_seq
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM written) AS written, p.*
                  FROM (SELECT 1) AS one LEFT JOIN previous p ON TRUE
                """, rs -> {
            rs.next();
            boolean written = rs.getLong("written") > 0;
            if (rs.getObject("product_id") == null) {
                return new Intended(written, Optional.empty());
            }
            return new Intended(written, Optional.of(new Previous(intent(rs), Status.valueOf(rs.getString("status")))));
        }, intent.productId().value(),
                intent.tenantId().value(), intent.productId().value(), intent.productGid(), intent.variantGid(),
                intent.seq(), uuid(intent.priceChangeId()), intent.action().name(), intent.price().currency(),
                intent.price().amount(), amount(intent.compareAt()), Timestamp.from(intent.intendedAt()),
                Timestamp.from(now));
    }

    /** The record's current intent for a product, whatever its status. */
    public Optional<Delivery> find(TenantId tenantId, ProductId productId) {
        return jdbc.query("SELECT " + INTENT_COLUMNS + " FROM shopify_delivery WHERE tenant_id = ? AND product_id = ?",
                DELIVERY, tenantId.value(), productId.value()).stream().findFirst();
    }

    /** The shop was disconnected: nothing pending can be sent any more. Answers the intents it gave up. */
    public List<DeliveryIntent> failPending(TenantId tenantId, String reason, Instant now) {
        return jdbc.query("UPDATE shopify_delivery SET status = 'FAILED', last_error = ?, errors = '[]',"
                        + " sent_seq = NULL, bulk_operation = NULL, bulk_line = NULL, bulk_index = NULL,"
                        + " next_attempt_at = ? WHERE tenant_id = ? AND status = 'PENDING' RETURNING " + INTENT_COLUMNS,
                (rs, n) -> intent(rs), reason, Timestamp.from(now), tenantId.value());
    }

    // --- sending -------------------------------------------------------------------------------------

    /** Tenants with an active connection and something to send or a bulk operation to follow. */
    public List<TenantId> tenantsWithWork(Instant now) {
        return jdbc.query("""
                SELECT DISTINCT d.tenant_id FROM shopify_delivery d
                  JOIN shopify_connection c ON c.tenant_id = d.tenant_id AND c.status = 'ACTIVE'
                 WHERE d.status = 'PENDING' AND (d.next_attempt_at <= ? OR d.bulk_operation IS NOT NULL)
                """, (rs, n) -> new TenantId(rs.getObject(1, UUID.class)), Timestamp.from(now));
    }

    /** Pending deliveries due now that no bulk operation carries, by Shopify product. */
    public List<Delivery> due(TenantId tenantId, Instant now, int limit) {
        return jdbc.query("SELECT " + INTENT_COLUMNS + " FROM shopify_delivery WHERE tenant_id = ? AND status = 'PENDING'"
                        + " AND bulk_operation IS NULL AND next_attempt_at <= ? ORDER BY product_gid, variant_gid LIMIT ?",
                DELIVERY, tenantId.value(), Timestamp.from(now), limit);
    }

    /**
     * Takes the products' current pending intents for a call (or, with {@code bulkMarker}, for a bulk
     * operation): answers exactly the intents that will be sent, read in the same statement that marks them.
     */
    public List<Delivery> claim(TenantId tenantId, List<ProductId> productIds, Instant now, String bulkMarker) {
        return jdbc.query("UPDATE shopify_delivery SET sent_seq = intent_seq, sent_at = ?, bulk_operation = ?"
                        + " WHERE tenant_id = ? AND product_id = ANY (?) AND status = 'PENDING' AND bulk_operation IS NULL"
                        + " RETURNING " + INTENT_COLUMNS,
                DELIVERY, Timestamp.from(now), bulkMarker, tenantId.value(), uuids(productIds));
    }

    /** The products were not sent after all (nothing reached Shopify): they are due again, no attempt spent. */
    public void release(TenantId tenantId, List<ProductId> productIds) {
        jdbc.update("UPDATE shopify_delivery SET sent_seq = NULL, bulk_operation = NULL, bulk_line = NULL,"
                + " bulk_index = NULL WHERE tenant_id = ? AND product_id = ANY (?)", tenantId.value(), uuids(productIds));
    }

    /**
     * Shopify holds these intents. Answers the ones marked: an intent replaced meanwhile by a newer one is
     * not (the newer one stays pending).
     */
    public List<Delivery> synced(List<Delivery> sent, Instant now) {
        if (sent.isEmpty()) {
            return List.of();
        }
        int[][] counts = jdbc.batchUpdate("UPDATE shopify_delivery SET status = 'SYNCED', synced_at = ?,"
                        + " attempts = attempts + 1, last_error = NULL, errors = '[]'," + CLEAR_SENDING
                        + " WHERE product_id = ? AND intent_seq = ?", sent, 500, (ps, delivery) -> {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setObject(2, delivery.productId().value());
                    ps.setLong(3, delivery.intent().seq());
                });
        List<Delivery> marked = new ArrayList<>();
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count > 0) {
                    marked.add(sent.get(i));
                }
                i++;
            }
        }
        return marked;
    }

    /** Shopify refused the intent for good. */
    public boolean failed(Delivery sent, String reason, List<ChannelError> errors) {
        return jdbc.update("UPDATE shopify_delivery SET status = 'FAILED', attempts = attempts + 1, last_error = ?,"
                        + " errors = ?::jsonb," + CLEAR_SENDING + " WHERE product_id = ? AND intent_seq = ?",
                reason, write(errors), sent.productId().value(), sent.intent().seq()) > 0;
    }

    /** A transient failure: the intent goes again at {@code next}. */
    public boolean retryLater(Delivery sent, String error, Instant next) {
        return jdbc.update("UPDATE shopify_delivery SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,"
                        + CLEAR_SENDING + " WHERE product_id = ? AND intent_seq = ?",
                error, Timestamp.from(next), sent.productId().value(), sent.intent().seq()) > 0;
    }

    private static final String CLEAR_SENDING = " sent_seq = NULL, bulk_operation = NULL, bulk_line = NULL, bulk_index = NULL";

    // --- bulk operations -----------------------------------------------------------------------------

    /** A marker for a bulk operation being started (before Shopify has given it an id). */
    public static String newBulkMarker() {
        return PREFIX_BULK + UUID.randomUUID();
    }

    public static boolean startingMarker(String operation) {
        return operation.startsWith(PREFIX_BULK);
    }

    /** A delivery's place in a bulk operation's JSONL: line, and index in that line's {@code variants}. */
    public record BulkSlot(ProductId productId, int line, int index) {
    }

    public void assignSlots(String operation, List<BulkSlot> slots) {
        jdbc.batchUpdate("UPDATE shopify_delivery SET bulk_line = ?, bulk_index = ? WHERE product_id = ? AND bulk_operation = ?",
                slots, 500, (ps, slot) -> {
                    ps.setInt(1, slot.line());
                    ps.setInt(2, slot.index());
                    ps.setObject(3, slot.productId().value());
                    ps.setString(4, operation);
                });
    }

    public void bulkStarted(String marker, String operationId) {
        jdbc.update("UPDATE shopify_delivery SET bulk_operation = ? WHERE bulk_operation = ?", operationId, marker);
    }

    /** The bulk operations (and starting markers) the tenant's deliveries are in. */
    public List<String> bulkOperations(TenantId tenantId) {
        return jdbc.queryForList("SELECT DISTINCT bulk_operation FROM shopify_delivery WHERE tenant_id = ?"
                + " AND bulk_operation IS NOT NULL", String.class, tenantId.value());
    }

    /** What a bulk operation carried: per row the intent that was sent (the row's intent, if still the same), and its slot. */
    public record BulkDelivery(Delivery delivery, boolean replaced, int line, int index) {
    }

    public List<BulkDelivery> inBulk(String operation) {
        return jdbc.query("SELECT " + INTENT_COLUMNS + ", sent_seq, bulk_line, bulk_index FROM shopify_delivery"
                        + " WHERE bulk_operation = ? ORDER BY bulk_line, bulk_index",
                (rs, n) -> new BulkDelivery(DELIVERY.mapRow(rs, n), rs.getLong("sent_seq") != rs.getLong("intent_seq"),
                        rs.getInt("bulk_line"), rs.getInt("bulk_index")), operation);
    }

    /** The operation is over: whatever it carried that has no outcome yet is due again (attempts as recorded). */
    public void releaseBulk(String operation) {
        jdbc.update("UPDATE shopify_delivery SET" + CLEAR_SENDING + " WHERE bulk_operation = ?", operation);
    }

    // --- outcomes waiting to be recorded on products --------------------------------------------------

    public void record(DeliveryOutcome outcome, Instant now) {
        recordAll(List.of(outcome), now);
    }

    public void recordAll(List<DeliveryOutcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO shopify_delivery_outcome (tenant_id, product_id, price_change_id, action, currency,"
                        + " price, compare_at, result, reason, errors, decided_at, next_attempt_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)", outcomes, 500, (ps, o) -> {
                    ps.setObject(1, o.tenantId().value());
                    ps.setObject(2, o.productId().value());
                    ps.setObject(3, uuid(o.priceChangeId()));
                    ps.setString(4, o.action() == null ? null : o.action().name());
                    ps.setString(5, o.price().currency());
                    ps.setBigDecimal(6, o.price().amount());
                    ps.setBigDecimal(7, amount(o.compareAt()));
                    ps.setString(8, o.result().name());
                    ps.setString(9, o.reason());
                    ps.setString(10, write(o.errors()));
                    ps.setTimestamp(11, Timestamp.from(now));
                    ps.setTimestamp(12, Timestamp.from(now));
                });
    }

    /** An outcome not yet recorded on its product; {@code id} orders them as they were decided. */
    public record Unrecorded(long id, DeliveryOutcome outcome, int attempts) {
    }

    public List<Unrecorded> unrecorded(Instant now, int limit) {
        return jdbc.query("SELECT * FROM shopify_delivery_outcome WHERE next_attempt_at <= ? ORDER BY id LIMIT ?",
                (rs, n) -> {
                    String currency = rs.getString("currency");
                    String action = rs.getString("action");
                    return new Unrecorded(rs.getLong("id"), new DeliveryOutcome(tenant(rs), product(rs),
                            priceChange(rs), action == null ? null : RunKind.valueOf(action),
                            money(rs.getBigDecimal("price"), currency), money(rs.getBigDecimal("compare_at"), currency),
                            ChannelSyncResult.valueOf(rs.getString("result")), rs.getString("reason"),
                            read(rs.getString("errors"))), rs.getInt("attempts"));
                }, Timestamp.from(now), limit);
    }

    public void recorded(List<Long> ids) {
        jdbc.update("DELETE FROM shopify_delivery_outcome WHERE id = ANY (?)", (Object) ids.toArray(Long[]::new));
    }

    public void recordLater(long id, String error, Instant next) {
        jdbc.update("UPDATE shopify_delivery_outcome SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
                + " WHERE id = ?", error, Timestamp.from(next), id);
    }

    // --- what merchants and operators see -------------------------------------------------------------

    /**
     * The tenant's write-back at a glance, for the status endpoint and the health component.
     *
     * @param pending            prices not yet confirmed by Shopify
     * @param failed             prices Shopify refused, or that could not be sent after every attempt
     * @param oldestPendingSince when the oldest pending price was set in Calibrate (null when none is pending)
     * @param lastSyncedAt       when Shopify last confirmed a price (null when never)
     * @param outcomesToRecord   outcomes decided but not yet recorded on their products
     */
    public record Summary(long pending, long failed, Instant oldestPendingSince, Instant lastSyncedAt,
                          long outcomesToRecord) {

        /** How long the oldest pending price has waited at {@code now}; zero when none is pending. */
        public Duration oldestPendingAge(Instant now) {
            return oldestPendingSince == null ? Duration.ZERO : Duration.between(oldestPendingSince, now);
        }
    }

    public Summary summary(TenantId tenantId) {
        return jdbc.query("""
                SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,
                       count(*) FILTER (WHERE status = 'FAILED') AS failed,
                       min(intended_at) FILTER (WHERE status = 'PENDING') AS oldest_pending,
                       max(synced_at) AS last_synced,
                       (SELECT count(*) FROM shopify_delivery_outcome o WHERE o.tenant_id = ?) AS unrecorded
                  FROM shopify_delivery WHERE tenant_id = ?
                """, rs -> {
            rs.next();
            return new Summary(rs.getLong("pending"), rs.getLong("failed"), instant(rs, "oldest_pending"),
                    instant(rs, "last_synced"), rs.getLong("unrecorded"));
        }, tenantId.value(), tenantId.value());
    }

    /** One row of the record as the deliveries endpoint lists it. */
    public record Row(Delivery delivery, Status status, String lastError, List<ChannelError> errors,
                      Instant nextAttemptAt, Instant sentAt, Instant syncedAt, String bulkOperation) {
    }

    public record Page(List<Row> items, long total) {
    }

    public Page list(TenantId tenantId, Status status, Paging paging) {
        String where = " WHERE tenant_id = ?" + (status == null ? "" : " AND status = ?");
        Object[] args = status == null ? new Object[] {tenantId.value()} : new Object[] {tenantId.value(), status.name()};
        Long total = jdbc.queryForObject("SELECT count(*) FROM shopify_delivery" + where, Long.class, args);
        List<Object> pageArgs = new ArrayList<>(Arrays.asList(args));
        pageArgs.add(paging.size());
        pageArgs.add(paging.offset());
        List<Row> rows = jdbc.query("SELECT " + INTENT_COLUMNS + ", status, last_error, errors, next_attempt_at, sent_at,"
                + " synced_at, bulk_operation FROM shopify_delivery" + where
                + " ORDER BY intended_at DESC, product_id LIMIT ? OFFSET ?", (rs, n) -> new Row(DELIVERY.mapRow(rs, n),
                Status.valueOf(rs.getString("status")), rs.getString("last_error"), read(rs.getString("errors")),
                instant(rs, "next_attempt_at"), instant(rs, "sent_at"), instant(rs, "synced_at"),
                rs.getString("bulk_operation")), pageArgs.toArray());
        return new Page(rows, total == null ? 0 : total);
    }

    public static Status status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Status.valueOf(value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("status", "must be one of PENDING, SYNCED, FAILED, not \"" + value + "\"");
        }
    }

    /** Sends the tenant's failed prices again (after the merchant fixed the cause): attempts start over. */
    public int retryFailed(TenantId tenantId, Instant now) {
        return jdbc.update("UPDATE shopify_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
                + " last_error = NULL, errors = '[]' WHERE tenant_id = ? AND status = 'FAILED'",
                Timestamp.from(now), tenantId.value());
    }

    // --- mapping ---------------------------------------------------------------------------------------

    private static final RowMapper<Delivery> DELIVERY = (rs, n) -> new Delivery(intent(rs), rs.getInt("attempts"));

    private static DeliveryIntent intent(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        return new DeliveryIntent(tenant(rs), product(rs), rs.getString("product_gid"), rs.getString("variant_gid"),
                rs.getLong("intent_seq"), priceChange(rs), RunKind.valueOf(rs.getString("action")),
                money(rs.getBigDecimal("price"), currency), money(rs.getBigDecimal("compare_at"), currency),
                rs.getTimestamp("intended_at").toInstant());
    }

    private static TenantId tenant(ResultSet rs) throws SQLException {
        return new TenantId(rs.getObject("tenant_id", UUID.class));
    }

    private static ProductId product(ResultSet rs) throws SQLException {
        return new ProductId(rs.getObject("product_id", UUID.class));
    }

    private static PriceChangeId priceChange(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("price_change_id", UUID.class);
        return id == null ? null : new PriceChangeId(id);
    }

    /** Amounts are stored at scale 4; Money puts them back at the currency's scale. */
    private static Money money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount.stripTrailingZeros(), currency.trim());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static UUID uuid(PriceChangeId id) {
        return id == null ? null : id.value();
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }

    private static UUID[] uuids(List<ProductId> ids) {
        return ids.stream().map(ProductId::value).toArray(UUID[]::new);
    }

    private String write(List<ChannelError> errors) {
        try {
            return json.writeValueAsString(errors == null ? List.of() : errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ChannelError> read(String errors) {
        if (errors == null) {
            return List.of();
        }
        try {
            return json.readValue(errors, ERRORS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
