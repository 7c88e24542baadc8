package dev.calibrate.connectors.shopify.writeback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.DELIVERY;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.INTENT_COLUMNS;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.amount;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.intent;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.uuid;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.uuids;

/**
 * The delivery record ({@code shopify_delivery}), this table's one writer: per Shopify-linked product the
 * latest price Calibrate intends Shopify to have, and what became of it. Every write of an outcome names
 * the intent it is about ({@code intent_seq}), so an intent that arrived meanwhile is never marked with an
 * older one's outcome. Every query names the tenant: the pool's role sees all tenants. What is due in a
 * round is {@link DueDeliveries}. The outcomes that
 * wait to be recorded on products are {@link DeliveryOutcomes}; reading for people is {@link ShopifyDeliveryViews}.
 */
@Repository
public class ShopifyDeliveries {

    public enum Status { PENDING, SYNCED, FAILED }

    private static final String PREFIX_BULK = "pending:";

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

    /**
     * Takes a Shopify product's due pending intents for a call: all of its variants' that are due when the
     * call goes, also those that became due since the round began, read in the statement that marks them.
     */
    public List<Delivery> claimProduct(TenantId tenantId, String productGid, Instant now) {
        return jdbc.query("UPDATE shopify_delivery SET sent_seq = intent_seq, sent_at = ?, bulk_operation = NULL"
                        + " WHERE tenant_id = ? AND product_gid = ? AND status = 'PENDING' AND bulk_operation IS NULL"
                        + " AND next_attempt_at <= ? RETURNING " + INTENT_COLUMNS,
                DELIVERY, Timestamp.from(now), tenantId.value(), productGid, Timestamp.from(now));
    }

    /**
     * Takes the products' current pending intents for a bulk operation ({@code bulkMarker}): answers
     * exactly the intents that will be sent, read in the same statement that marks them.
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
    public List<Delivery> confirmed(List<Delivery> sent, Instant now) {
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
                reason, DeliveryRows.write(json, errors), sent.productId().value(), sent.intent().seq()) > 0;
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

    /** Sends the tenant's failed prices again (after the merchant fixed the cause): attempts start over. */
    public int retryFailed(TenantId tenantId, Instant now) {
        return jdbc.update("UPDATE shopify_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
                + " last_error = NULL, errors = '[]' WHERE tenant_id = ? AND status = 'FAILED'",
                Timestamp.from(now), tenantId.value());
    }
}
