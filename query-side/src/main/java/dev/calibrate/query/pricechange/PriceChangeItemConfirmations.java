package dev.calibrate.query.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncSuperseded;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.message.BatchedWrites;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the channels confirmed of each price change item's price ({@code price_change_item_confirmation},
 * per change and product: the apply's and the rollback's, per channel), from the confirmation records
 * the connectors leave on the products. Tracking, not in the record's transaction: a connector's write
 * must never wait for, or fail with, this view. A record sets its channel's state, so a redelivered one
 * changes nothing, and the records of one product arrive in order, so the last one wins. A record of a
 * repair (same change and action) counts for the item too: it is the same price, at the channel again.
 * Cleared and rebuilt by replay. The processing group keeps its operators' name.
 */
@Component
@ProcessingGroup(PriceChangeItemConfirmations.PROCESSING_GROUP)
public class PriceChangeItemConfirmations {

    public static final String PROCESSING_GROUP = "price-change-channel-sync";
    private static final String PENDING_ROWS = PriceChangeItemConfirmations.class.getName() + ".rows";
    private static final String UPSERT = "INSERT INTO price_change_item_confirmation"
            + " (price_change_id, product_id, tenant_id, %1$s)"
            + " VALUES (?, ?, ?, jsonb_build_object(CAST(? AS text), CAST(? AS jsonb)))"
            + " ON CONFLICT (price_change_id, product_id) DO UPDATE"
            + " SET %1$s = coalesce(price_change_item_confirmation.%1$s, '{}') || EXCLUDED.%1$s";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    PriceChangeItemConfirmations(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    @EventHandler
    void on(ChannelPriceSynced event) {
        record(event.tenantId(), event.priceChangeId(), event.productId(), event.action(), event.channel(),
                state("SYNCED", null, null));
    }

    @EventHandler
    void on(ChannelPriceSyncFailed event) {
        record(event.tenantId(), event.priceChangeId(), event.productId(), event.action(), event.channel(),
                state("FAILED", event.reason(), event.errors()));
    }

    @EventHandler
    void on(ChannelPriceSyncSuperseded event) {
        record(event.tenantId(), event.priceChangeId(), event.productId(), event.action(), event.channel(),
                state("SUPERSEDED", null, null));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM price_change_item_confirmation");
    }

    /** A price no price change set (a repair of an observed price) belongs to no item. */
    private void record(TenantId tenant, PriceChangeId change, ProductId product, RunKind action, String channel,
                        String state) {
        if (change == null || action == null) {
            return;
        }
        pendingRows().get(action).add(new Object[]{change.value(), product.value(), tenant.value(), channel, state});
    }

    private String state(String state, String reason, List<ChannelError> errors) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("state", state);
        if (reason != null) {
            value.put("reason", reason);
        }
        if (errors != null && !errors.isEmpty()) {
            value.put("errors", errors);
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a channel confirmation always serializes", e);
        }
    }

    /**
     * The writes of the batch being processed, per action, made in order when its unit of work prepares
     * to commit (with the processor's token): a few statements for a whole batch. Those of an event the
     * processor isolates are made right after its handler, so a refused one is its own.
     */
    private Map<RunKind, List<Object[]>> pendingRows() {
        return BatchedWrites.pending(PENDING_ROWS,
                () -> Map.of(RunKind.APPLY, new ArrayList<>(), RunKind.ROLLBACK, new ArrayList<>()),
                rows -> {
                    jdbc.batchUpdate(UPSERT.formatted("apply_confirmation"), rows.get(RunKind.APPLY));
                    jdbc.batchUpdate(UPSERT.formatted("rollback_confirmation"), rows.get(RunKind.ROLLBACK));
                });
    }
}
