package dev.calibrate.connectors.shopify.writeback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Status;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.DELIVERY;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.INTENT_COLUMNS;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.instant;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.read;

/**
 * The delivery record as merchants and operators read it: a page of deliveries, and the tenant's
 * write-back at a glance for the status endpoint and the health component. It only reads; the
 * tables' writers are {@link ShopifyDeliveries} and {@link DeliveryOutcomes}.
 */
@Repository
public class ShopifyDeliveryViews {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ShopifyDeliveryViews(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

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
                Status.valueOf(rs.getString("status")), rs.getString("last_error"), read(json, rs.getString("errors")),
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
}
