package dev.calibrate.query.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.money.Money;
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
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemAnomaly;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemChannel;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemPage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

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

    private static final String FROM = " FROM price_change_item i LEFT JOIN price_change_item_confirmation c"
            + " ON c.price_change_id = i.price_change_id AND c.product_id = i.product_id";

    private static final String DISPLAYED_OUTCOME = """
            CASE WHEN i.rollback_outcome IS NOT NULL THEN i.rollback_outcome
                 WHEN i.outcome IS NOT NULL THEN i.outcome
                 WHEN i.status = 'CHANGE' THEN 'PENDING'
                 ELSE i.status END""";

    /** The confirmations an item shows: its rollback's once rolled back, else its apply's once applied. */
    private static final String DISPLAYED_CONFIRMATION = """
            CASE WHEN i.rollback_outcome = 'ROLLED_BACK' THEN coalesce(c.rollback_confirmation, '{}')
                 WHEN i.outcome = 'APPLIED' THEN coalesce(c.apply_confirmation, '{}') END""";

    private static final TypeReference<Map<String, PriceChangeItemChannel>> CHANNEL_STATES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> REASONS = new TypeReference<>() {
    };
    private static final TypeReference<List<JsonNode>> ANOMALIES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final TenantScope tenantScope;
    private final EventStore events;
    private final ObjectMapper mapper;

    PriceChangeItemQueries(JdbcTemplate jdbc, TenantScope tenantScope, EventStore events, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.tenantScope = tenantScope;
        this.events = events;
        this.mapper = mapper;
    }

    /** Why a read-only channel shows {@link ChannelState#NOT_SYNCED}. */
    public static String notSyncedReason(String channel) {
        return "not synced: " + Character.toUpperCase(channel.charAt(0)) + channel.substring(1) + " is read-only";
    }

    /**
     * The item's own inputs to the rule (cost, MAP, the competitor prices its steps used) for a product in
     * a currency, as the change's preview stored them; empty when the change has no such item or it was
     * previewed before inputs were stored (its explain was stored whole then).
     */
    public Optional<ExplainInputs> explainInputs(TenantId tenantId, PriceChangeId id, ProductId productId,
                                                 String currency) {
        List<String> found = tenantScope.read(tenantId, () -> jdbc.queryForList("SELECT explain_inputs FROM"
                        + " price_change_item WHERE price_change_id = ? AND product_id = ? AND currency = ?",
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
        StringBuilder where = new StringBuilder(" WHERE i.price_change_id = ?");
        args.add(id.value());
        if (filter.status() != null) {
            where.append(" AND i.status = ?");
            args.add(filter.status().name());
        }
        if (filter.outcome() != null) {
            where.append(" AND ").append(DISPLAYED_OUTCOME).append(" = ?");
            args.add(filter.outcome().name());
        }
        if (filter.anomalous()) {
            // stored only for flagged items: an approver finds the few among 90,000
            where.append(" AND i.anomalies IS NOT NULL");
        }
        ChannelState channelState = filter.channelState();
        if (channelState == ChannelState.PENDING) {
            where.append(" AND EXISTS (SELECT 1 FROM unnest(i.channels) ch WHERE ch = ANY (?) AND NOT jsonb_exists(")
                    .append(DISPLAYED_CONFIRMATION).append(", ch))");
            args.add(ChannelMessages.WRITE_BACK.toArray(String[]::new));
        } else if (channelState == ChannelState.NOT_SYNCED) {
            where.append(" AND (i.outcome = 'APPLIED' OR i.rollback_outcome = 'ROLLED_BACK')")
                    .append(" AND EXISTS (SELECT 1 FROM unnest(i.channels) ch WHERE NOT ch = ANY (?))");
            args.add(ChannelMessages.WRITE_BACK.toArray(String[]::new));
        } else if (channelState != null) {
            where.append(" AND EXISTS (SELECT 1 FROM jsonb_each(").append(DISPLAYED_CONFIRMATION)
                    .append(") s WHERE s.value ->> 'state' = ?)");
            args.add(channelState.name());
        }
        Long total = known != null ? known : jdbc.queryForObject("SELECT count(*)" + FROM + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        Frame frame = new Frame(id);
        List<PriceChangeItem> rows = jdbc.query("SELECT i.*, c.apply_confirmation, c.rollback_confirmation, "
                + DISPLAYED_OUTCOME + " AS displayed_outcome" + FROM + where + " ORDER BY i.seq LIMIT ? OFFSET ?",
                (rs, n) -> item(rs, frame), pageArgs.toArray());
        return new PriceChangeItemPage(rows, page, size, total == null ? 0 : total);
    }

    /** The preview's explain frame, read once per page and only if a row of it needs it. */
    private final class Frame {
        private final PriceChangeId id;
        private ExplainFrame frame;

        Frame(PriceChangeId id) {
            this.id = id;
        }

        /** The item's explain: rendered from its inputs, or as stored by a preview made before they were. */
        JsonNode explain(ResultSet rs) throws SQLException {
            String stored = rs.getString("explain");
            if (stored != null) {
                return read(stored, new TypeReference<JsonNode>() {
                });
            }
            if (frame == null) {
                String json = jdbc.query("SELECT explain_frame FROM price_change_preview WHERE price_change_id = ?"
                                + " AND preview_hash = ?", r -> r.next() ? r.getString(1) : null, id.value(),
                        rs.getString("preview_hash"));
                if (json == null) {
                    throw new PreviewReplacedWhileRead();
                }
                frame = read(json, new TypeReference<ExplainFrame>() {
                });
            }
            return mapper.valueToTree(frame.render(rs.getBigDecimal("current_price"),
                    ExplainInputs.decode(rs.getString("explain_inputs"))));
        }
    }

    private PriceChangeItem item(ResultSet rs, Frame frame) throws SQLException {
        String currency = rs.getString("currency").trim();
        BigDecimal deltaPercent = rs.getBigDecimal("delta_percent");
        String outcomeReason = rs.getString("rollback_reason") != null
                ? rs.getString("rollback_reason") : rs.getString("outcome_reason");
        return new PriceChangeItem(rs.getString("product_id"), rs.getString("sku"), currency,
                PreviewStatus.valueOf(rs.getString("status")), Outcome.valueOf(rs.getString("displayed_outcome")),
                money(rs.getBigDecimal("current_price"), currency),
                money(rs.getBigDecimal("proposed_price"), currency),
                money(rs.getBigDecimal("delta"), currency),
                deltaPercent == null ? null : deltaPercent.toPlainString(),
                money(rs.getBigDecimal("current_compare_at"), currency),
                money(rs.getBigDecimal("proposed_compare_at"), currency),
                read(rs.getString("reasons"), REASONS), outcomeReason, frame.explain(rs), channelStates(rs),
                anomalies(rs.getString("anomalies")));
    }

    /**
     * Stored only for items that have some: most have none. An entry of a kind or severity this release
     * does not know (written by a later one during a rolling deploy) is left out, not a failed page.
     */
    private List<PriceChangeItemAnomaly> anomalies(String json) {
        if (json == null) {
            return List.of();
        }
        List<PriceChangeItemAnomaly> known = new ArrayList<>();
        for (JsonNode stored : read(json, ANOMALIES)) {
            if (ProposedAnomaly.Kind.known(stored.path("kind").asText())
                    && ProposedAnomaly.Severity.known(stored.path("severity").asText())) {
                known.add(PriceChangeItemAnomaly.of(convert(stored)));
            }
        }
        return known;
    }

    private ProposedAnomaly convert(JsonNode stored) {
        try {
            return mapper.treeToValue(stored, ProposedAnomaly.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored item JSON is unreadable", e);
        }
    }

    /**
     * Per channel Calibrate writes to, what it confirmed of the price the item's apply (or, once rolled
     * back, its rollback) set, PENDING until it answers; per read-only channel the product is linked to,
     * NOT_SYNCED with the reason; none for an item that set no price.
     */
    private Map<String, PriceChangeItemChannel> channelStates(ResultSet rs) throws SQLException {
        String confirmations;
        if ("ROLLED_BACK".equals(rs.getString("rollback_outcome"))) {
            confirmations = rs.getString("rollback_confirmation");
        } else if ("APPLIED".equals(rs.getString("outcome"))) {
            confirmations = rs.getString("apply_confirmation");
        } else {
            return Map.of();
        }
        Map<String, PriceChangeItemChannel> states = new TreeMap<>();
        for (String channel : (String[]) rs.getArray("channels").getArray()) {
            if (ChannelMessages.writesBack(channel)) {
                states.put(channel, new PriceChangeItemChannel(ChannelState.PENDING, null, null));
            } else {
                states.put(channel, new PriceChangeItemChannel(ChannelState.NOT_SYNCED, notSyncedReason(channel),
                        null));
            }
        }
        if (confirmations != null) {
            states.putAll(read(confirmations, CHANNEL_STATES));
        }
        return states;
    }

    /** Read from the change's own first event, so a change with no preview yet is found too. */
    private boolean belongsTo(PriceChangeId id, TenantId tenantId) {
        DomainEventStream stream = events.readEvents(id.toString());
        return stream.hasNext() && stream.next().getPayload() instanceof PriceChangeDrafted drafted
                && drafted.tenantId().equals(tenantId);
    }

    private static Money money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount, currency);
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored item JSON is unreadable", e);
        }
    }
}
