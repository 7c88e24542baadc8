package dev.calibrate.query.channel;

import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceRepairRequested;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncSuperseded;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.message.BatchedWrites;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The channel read models: each product's SKU and linked channels ({@code channel_product}), the
 * drift of each product at each channel ({@code channel_drift_view}), and per price change item and
 * write-back channel whether the channel holds the price yet ({@code price_change_channel_sync}).
 * Handlers only queue SQL; a batch's statements run in order just before its transaction commits
 * (consecutive ones of a kind as one JDBC batch), and the later ones read what the earlier ones
 * wrote (a drift's SKU, a product's channels), so nothing is read in Java. Rows of a product carry
 * its event sequence number or are keyed by the event's facts, so a redelivered event changes
 * nothing. Rebuilt by replay.
 */
@Component
@ProcessingGroup(ChannelProjection.NAME)
public class ChannelProjection {

    public static final String NAME = "channels";

    private static final String PRODUCT_CREATED = """
            INSERT INTO channel_product (product_id, tenant_id, sku, channels, version) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (product_id) DO UPDATE SET sku = EXCLUDED.sku, channels = EXCLUDED.channels,
                version = EXCLUDED.version WHERE channel_product.version < EXCLUDED.version""";
    private static final String PRODUCT_LINKED = """
            UPDATE channel_product SET channels = ?, version = ? WHERE product_id = ? AND version < ?""";
    /** One PENDING row per write-back channel the product is linked to now. */
    private static final String PRICE_SET = """
            INSERT INTO price_change_channel_sync (price_change_id, product_id, action, channel, tenant_id, state)
            SELECT ?, p.product_id, ?, c.channel, p.tenant_id, 'PENDING'
              FROM channel_product p CROSS JOIN unnest(p.channels) AS c(channel)
             WHERE p.product_id = ? AND c.channel = ANY (?)
            ON CONFLICT DO NOTHING""";
    /** {@link #PRICE_SET} for a run of them: the price events' keys as arrays, one statement instead of one a price. */
    private static final String PRICE_SETS = """
            INSERT INTO price_change_channel_sync (price_change_id, product_id, action, channel, tenant_id, state)
            SELECT s.price_change_id, p.product_id, s.action, c.channel, p.tenant_id, 'PENDING'
              FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS uuid[])) AS s(price_change_id, action, product_id)
              JOIN channel_product p ON p.product_id = s.product_id
             CROSS JOIN unnest(p.channels) AS c(channel)
             WHERE c.channel = ANY (?)
            ON CONFLICT DO NOTHING""";
    private static final String SYNC_RECORDED = """
            INSERT INTO price_change_channel_sync (price_change_id, product_id, action, channel, tenant_id, state)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (price_change_id, product_id, action, channel) DO UPDATE SET state = EXCLUDED.state""";
    private static final String DRIFT_DETECTED = """
            INSERT INTO channel_drift_view (product_id, channel, tenant_id, sku, currency, expected, actual,
                                            actual_compare_at, state, detected_at, resolved_at, version)
            VALUES (?, ?, ?, coalesce((SELECT sku FROM channel_product WHERE product_id = ?), ''), ?, ?, ?, ?,
                    'OPEN', ?, NULL, ?)
            ON CONFLICT (product_id, channel) DO UPDATE SET currency = EXCLUDED.currency,
                expected = EXCLUDED.expected, actual = EXCLUDED.actual,
                actual_compare_at = EXCLUDED.actual_compare_at, state = 'OPEN', detected_at = EXCLUDED.detected_at,
                resolved_at = NULL, version = EXCLUDED.version
            WHERE channel_drift_view.version < EXCLUDED.version""";
    private static final String DRIFT_REPAIRING = """
            UPDATE channel_drift_view SET state = 'REPAIRING', version = ?
             WHERE product_id = ? AND channel = ? AND version < ? AND state IN ('OPEN', 'REPAIRING')""";
    private static final String DRIFT_RESOLVED = """
            UPDATE channel_drift_view SET state = ?, resolved_at = ?, version = ?
             WHERE product_id = ? AND channel = ? AND version < ?""";

    private static final String[] WRITE_BACK = ChannelMessages.WRITE_BACK.toArray(String[]::new);

    private final JdbcTemplate jdbc;

    ChannelProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ProductCreated event, @SequenceNumber long version) {
        queue(PRODUCT_CREATED, event.productId().value(), event.tenantId().value(), event.sku(),
                channels(event.details()), version);
    }

    @EventHandler
    void on(ProductDetailsChanged event, @SequenceNumber long version) {
        if (event.changedFields().contains("channelRefs")) {
            queue(PRODUCT_LINKED, channels(event.details()), version, event.productId().value(), version);
        }
    }

    @EventHandler
    void on(ProductPriceChanged event) {
        queue(PRICE_SET, event.priceChangeId().value(), event.action().name(), event.productId().value(), WRITE_BACK);
    }

    @EventHandler
    void on(ChannelPriceSynced event) {
        recorded(event.priceChangeId(), event.productId(), event.action(), event.channel(), event.tenantId(), "SYNCED");
    }

    @EventHandler
    void on(ChannelPriceSyncFailed event) {
        recorded(event.priceChangeId(), event.productId(), event.action(), event.channel(), event.tenantId(), "FAILED");
    }

    @EventHandler
    void on(ChannelPriceSyncSuperseded event) {
        recorded(event.priceChangeId(), event.productId(), event.action(), event.channel(), event.tenantId(),
                "SUPERSEDED");
    }

    @EventHandler
    void on(ChannelPriceDriftDetected event, @SequenceNumber long version, @Timestamp Instant at) {
        queue(DRIFT_DETECTED, event.productId().value(), event.channel(), event.tenantId().value(),
                event.productId().value(), event.expected().currency(), event.expected().amount(),
                event.actual().amount(), amount(event.actualCompareAt()), java.sql.Timestamp.from(at), version);
    }

    @EventHandler
    void on(ChannelPriceRepairRequested event, @SequenceNumber long version) {
        queue(DRIFT_REPAIRING, version, event.productId().value(), event.channel(), version);
    }

    @EventHandler
    void on(ChannelPriceDriftResolved event, @SequenceNumber long version, @Timestamp Instant at) {
        queue(DRIFT_RESOLVED, event.resolution().name(), java.sql.Timestamp.from(at), version,
                event.productId().value(), event.channel(), version);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM channel_drift_view");
        jdbc.update("DELETE FROM price_change_channel_sync");
        jdbc.update("DELETE FROM channel_product");
    }

    /** A price no price change set (the repair of an observed price) belongs to no price change. */
    private void recorded(PriceChangeId change, ProductId product, RunKind action, String channel, TenantId tenantId,
                          String state) {
        if (change != null && action != null) {
            queue(SYNC_RECORDED, change.value(), product.value(), action.name(), channel, tenantId.value(), state);
        }
    }

    private static String[] channels(ProductDetails details) {
        return details.channelRefs().keySet().toArray(String[]::new);
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }

    /** Queues SQL for the batch being processed; its statements run in order when it prepares to commit. */
    private void queue(String sql, Object... args) {
        BatchedWrites.statements(ChannelProjection.class, this::run).add(sql, args);
    }

    /**
     * Runs consecutive statements of one SQL: price events' pending rows as one statement over arrays (an apply's
     * batch was one execution a price event), anything else as one JDBC batch.
     */
    private void run(String sql, List<Object[]> args) {
        if (!PRICE_SET.equals(sql) || args.size() == 1) {
            jdbc.batchUpdate(sql, args);
            return;
        }
        jdbc.update(PRICE_SETS, column(args, 0), column(args, 1), column(args, 2), WRITE_BACK);
    }

    /** The {@code index}th argument of each statement, as text, for a {@code CAST(? AS ...[])}. */
    private static String[] column(List<Object[]> args, int index) {
        String[] column = new String[args.size()];
        for (int i = 0; i < column.length; i++) column[i] = args.get(i)[index].toString();
        return column;
    }
}
