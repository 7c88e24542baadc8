package dev.calibrate.connectors.shopify.writeback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.amount;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.money;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.priceChange;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.product;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.tenant;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.uuid;

/**
 * The outcomes waiting to be recorded on their products ({@code shopify_delivery_outcome}), this
 * table's one writer: the write-back and the intent handler add them, {@link ShopifyConfirmations}
 * takes them off once the product recorded them. Every query names what it is about: the pool's role
 * sees all tenants.
 */
@Repository
public class DeliveryOutcomes {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public DeliveryOutcomes(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

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
                    ps.setString(10, DeliveryRows.write(json, o.errors()));
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
                            DeliveryRows.read(json, rs.getString("errors"))), rs.getInt("attempts"));
                }, Timestamp.from(now), limit);
    }

    public void recorded(List<Long> ids) {
        jdbc.update("DELETE FROM shopify_delivery_outcome WHERE id = ANY (?)", (Object) ids.toArray(Long[]::new));
    }

    public void recordLater(long id, String error, Instant next) {
        jdbc.update("UPDATE shopify_delivery_outcome SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
                + " WHERE id = ?", error, Timestamp.from(next), id);
    }
}
