package dev.calibrate.query.pricechange;

import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.pricechange.PriceChangeItemApi.ChannelState;
import dev.calibrate.query.pricechange.PriceChangeItemApi.Outcome;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PreviewStatus;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItem;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemPage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The items of a change as the tenant sees them (row-level security), ordered as previewed: the
 * command side's preview and run record ({@code price_change_item}) with what the channels confirmed
 * ({@code price_change_item_confirmation}, this side's).
 */
@Component
public class PriceChangeItemQueries {

    /**
     * One page's filters: a preview status, a displayed outcome, a channel state (each may be null),
     * and whether only the items the preview flagged as anomalous.
     */
    public record Filter(PreviewStatus status, Outcome outcome, ChannelState channelState, boolean anomalous) {

        static final Filter NONE = new Filter(null, null, null, false);
    }

    /**
     * An applied item's explain inputs by product: only the items a run has given an outcome are indexed by
     * product ({@code price_change_item_applied_product}, V59), so a preview's COPY writes no such index entry;
     * the query names the index's condition, or the planner could not use it.
     */
    static final String APPLIED_ITEM_INPUTS = "SELECT explain_inputs FROM price_change_item WHERE price_change_id = ?"
            + " AND product_id = ? AND currency = ? AND outcome IS NOT NULL";

    private final JdbcTemplate jdbc;
    private final TenantScope tenantScope;
    private final EventStore events;
    private final PriceChangeItemRows rows;

    PriceChangeItemQueries(JdbcTemplate jdbc, TenantScope tenantScope, EventStore events, PriceChangeItemRows rows) {
        this.jdbc = jdbc;
        this.tenantScope = tenantScope;
        this.events = events;
        this.rows = rows;
    }

    /** Why a read-only channel shows {@link ChannelState#NOT_SYNCED}. */
    public static String notSyncedReason(String channel) {
        return "not synced: " + Character.toUpperCase(channel.charAt(0)) + channel.substring(1) + " is read-only";
    }

    /**
     * The inputs to the rule (cost, MAP, the competitor prices its steps used) of a product's item in a currency
     * that a run of the change gave an outcome (the one that applied its price), as the change's preview stored
     * them; empty when no run gave such an item an outcome, or it was previewed before inputs were stored (its
     * explain was stored whole then).
     */
    public Optional<ExplainInputs> explainInputs(TenantId tenantId, PriceChangeId id, ProductId productId,
                                                 String currency) {
        List<String> found = tenantScope.read(tenantId, () -> jdbc.queryForList(APPLIED_ITEM_INPUTS,
                String.class, id.value(), productId.value(), currency));
        return found.stream().filter(Objects::nonNull).findFirst().map(ExplainInputs::decode);
    }

    /** The first page of a preview just recorded: the change exists, so an empty page is just empty. */
    public PriceChangeItemPage firstPage(TenantId tenantId, PriceChangeId id, int size, long total) {
        return readPage(tenantId, id, Filter.NONE, 0, size, total);
    }

    /** A page of a change's items; a change that is not the caller's (or none) is a 404, not an empty page. */
    PriceChangeItemPage page(TenantId tenantId, PriceChangeId id, Filter filter, int page, int size) {
        PriceChangeItemPage found = readPage(tenantId, id, filter, page, size, null);
        if (found.total() == 0 && !belongsTo(id, tenantId)) {
            throw new NotFound("price change");
        }
        return found;
    }

    /**
     * The page, read again if the change was previewed anew between reading its rows and their
     * explain frame (each statement sees its own snapshot): a new preview replaces rows and frame in
     * one transaction, so the next read finds them matching.
     */
    private PriceChangeItemPage readPage(TenantId tenantId, PriceChangeId id, Filter filter, int page, int size,
                                         Long total) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tenantScope.read(tenantId, () -> page(id, filter, page, size, total));
            } catch (PreviewReplacedWhileRead replaced) {
                if (attempt == 3) {
                    throw new IllegalStateException("price change " + id + " was previewed anew during three reads");
                }
            }
        }
    }

    /** The rows read belong to a preview whose frame another preview replaced meanwhile. */
    private static final class PreviewReplacedWhileRead extends RuntimeException {
        PreviewReplacedWhileRead() {
            super(null, null, false, false);
        }
    }

    /** {@code known}: the number of items the filter selects, when the caller knows it; counted otherwise. */
    private PriceChangeItemPage page(PriceChangeId id, Filter filter, int page, int size, Long known) {
        List<Object> args = new ArrayList<>();
        args.add(id.value());
        String where = " WHERE i.price_change_id = ?" + PriceChangeItemRows.conditions(filter, args);
        String from = PriceChangeItemRows.FROM;
        Long total = known != null ? known : jdbc.queryForObject("SELECT count(*)" + from + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        Frame frame = new Frame(id);
        List<PriceChangeItem> items = jdbc.query("SELECT " + PriceChangeItemRows.COLUMNS + from + where
                + " ORDER BY i.seq LIMIT ? OFFSET ?", (rs, n) -> rows.item(rs, frame), pageArgs.toArray());
        return new PriceChangeItemPage(items, page, size, total == null ? 0 : total);
    }

    /** The preview's explain frame, read once per page and only if a row of it needs it. */
    private final class Frame implements PriceChangeItemRows.Frames {
        private final PriceChangeId id;
        private ExplainFrame frame;

        Frame(PriceChangeId id) {
            this.id = id;
        }

        @Override
        public ExplainFrame of(ResultSet row) throws SQLException {
            if (frame == null) {
                String json = jdbc.query("SELECT explain_frame FROM price_change_preview WHERE price_change_id = ?"
                                + " AND preview_hash = ?", r -> r.next() ? r.getString(1) : null, id.value(),
                        row.getString("previewed_hash"));
                if (json == null) {
                    throw new PreviewReplacedWhileRead();
                }
                frame = rows.frame(json);
            }
            return frame;
        }
    }

    /** A change that is not the caller's (or none) is a 404. */
    void requireChange(TenantId tenantId, PriceChangeId id) {
        if (!belongsTo(id, tenantId)) {
            throw new NotFound("price change");
        }
    }

    /** Read from the change's own first event, so a change with no preview yet is found too. */
    private boolean belongsTo(PriceChangeId id, TenantId tenantId) {
        DomainEventStream stream = events.readEvents(id.toString());
        return stream.hasNext() && stream.next().getPayload() instanceof PriceChangeDrafted drafted
                && drafted.tenantId().equals(tenantId);
    }
}
