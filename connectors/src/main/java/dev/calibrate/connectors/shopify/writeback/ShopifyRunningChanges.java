package dev.calibrate.connectors.shopify.writeback;

import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunAbandoned;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunFailed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunRetried;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The price change runs going on ({@code shopify_running_change}), this table's one writer: a run is
 * going on from its start event until it is applied, rolled back, failed or abandoned. While a
 * change's run goes on, more of its prices may still come, so the write-back holds a due price for a
 * short window when a sibling variant of the same Shopify product has none yet (see
 * {@link DueDeliveries#due}). Runs in {@code shopify-channel} with the intents, in event order:
 * a run's start is handled before its products' price events, its end after them.
 */
@Component
@ProcessingGroup(ShopifyWriteBackIntents.PROCESSING_GROUP)
public class ShopifyRunningChanges {

    private final JdbcTemplate jdbc;

    public ShopifyRunningChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PriceChangeApplyStarted event) {
        started(event.tenantId(), event.id(), event.at());
    }

    @EventHandler
    void on(PriceChangeRollbackStarted event) {
        started(event.tenantId(), event.id(), event.at());
    }

    @EventHandler
    void on(PriceChangeRunRetried event) {
        started(event.tenantId(), event.id(), event.at());
    }

    @EventHandler
    void on(PriceChangeApplied event) {
        over(event.id());
    }

    @EventHandler
    void on(PriceChangeRolledBack event) {
        over(event.id());
    }

    @EventHandler
    void on(PriceChangeRunFailed event) {
        over(event.id());
    }

    @EventHandler
    void on(PriceChangeRunAbandoned event) {
        over(event.id());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM shopify_running_change");
    }

    /** Whether the change's run is going on, as far as the events handled so far tell. */
    public boolean running(PriceChangeId id) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM shopify_running_change WHERE price_change_id = ?)", Boolean.class, id.value()));
    }

    /** The change's run started (or started again): more of its prices may come. */
    public void started(TenantId tenantId, PriceChangeId id, Instant at) {
        jdbc.update("INSERT INTO shopify_running_change (price_change_id, tenant_id, started_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (price_change_id) DO UPDATE SET started_at = EXCLUDED.started_at",
                id.value(), tenantId.value(), Timestamp.from(at));
    }

    /** The change's run is over: none of its prices is still to come. */
    public void over(PriceChangeId id) {
        jdbc.update("DELETE FROM shopify_running_change WHERE price_change_id = ?", id.value());
    }
}
