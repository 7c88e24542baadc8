package dev.calibrate.command.pricechange;

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
 * What the channels made of each price change item's price ({@code apply_sync} / {@code rollback_sync}
 * of {@code price_change_item}), from the sync records the connectors leave on the products. Tracking,
 * not in the record's transaction: a connector's write must never wait for, or fail with, this view.
 * A record sets its channel's state, so a redelivered one changes nothing, and the records of one
 * product arrive in order, so the last one wins. A record of a repair (same change and action) counts
 * for the item too: it is the same price, at the channel again. Cleared and rebuilt by replay.
 */
@Component
@ProcessingGroup(PriceChangeItemSync.PROCESSING_GROUP)
public class PriceChangeItemSync {

    public static final String PROCESSING_GROUP = "price-change-channel-sync";
    private static final String PENDING_ROWS = PriceChangeItemSync.class.getName() + ".rows";
    private static final String UPDATE = "UPDATE price_change_item SET %1$s = coalesce(%1$s, '{}')"
            + " || jsonb_build_object(CAST(? AS text), CAST(? AS jsonb)) WHERE price_change_id = ? AND product_id = ?";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    PriceChangeItemSync(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    @EventHandler
    void on(ChannelPriceSynced event) {
        record(event.priceChangeId(), event.productId(), event.action(), event.channel(), state("SYNCED", null, null));
    }

    @EventHandler
    void on(ChannelPriceSyncFailed event) {
        record(event.priceChangeId(), event.productId(), event.action(), event.channel(),
                state("FAILED", event.reason(), event.errors()));
    }

    @EventHandler
    void on(ChannelPriceSyncSuperseded event) {
        record(event.priceChangeId(), event.productId(), event.action(), event.channel(),
                state("SUPERSEDED", null, null));
    }

    @ResetHandler
    void reset() {
        jdbc.update("UPDATE price_change_item SET apply_sync = NULL, rollback_sync = NULL"
                + " WHERE apply_sync IS NOT NULL OR rollback_sync IS NOT NULL");
    }

    /** A price no price change set (a repair of an observed price) belongs to no item. */
    private void record(PriceChangeId change, ProductId product, RunKind action, String channel, String state) {
        if (change == null || action == null) {
            return;
        }
        pendingRows().get(action).add(new Object[]{channel, state, change.value(), product.value()});
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
            throw new IllegalStateException("a channel sync state always serializes", e);
        }
    }

    /**
     * The updates of the batch being processed, per action, written in order when its unit of work
     * prepares to commit (with the processor's token): a few statements for a whole batch. Those of an
     * event the processor isolates are written right after its handler, so a refused one is its own.
     */
    private Map<RunKind, List<Object[]>> pendingRows() {
        return BatchedWrites.pending(PENDING_ROWS,
                () -> Map.of(RunKind.APPLY, new ArrayList<>(), RunKind.ROLLBACK, new ArrayList<>()),
                rows -> {
                    jdbc.batchUpdate(UPDATE.formatted("apply_sync"), rows.get(RunKind.APPLY));
                    jdbc.batchUpdate(UPDATE.formatted("rollback_sync"), rows.get(RunKind.ROLLBACK));
                });
    }
}
