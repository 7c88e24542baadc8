package dev.calibrate.query.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemPriorPrice;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.kernel.anomaly.ProposedAnomaly;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.query.pricechange.PriceChangeItemApi.ChannelState;
import dev.calibrate.query.pricechange.PriceChangeItemApi.Outcome;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PreviewStatus;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItem;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemAnomaly;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemChannel;
import dev.calibrate.query.pricechange.PriceChangeItemQueries.Filter;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A change's item rows as both item reads select, filter and map them: the page REST answers
 * ({@link PriceChangeItemQueries}) and the keyset windows GraphQL answers ({@link PriceChangeItemWindows}).
 */
@Component
class PriceChangeItemRows {

    /**
     * The item with what the channels confirmed, as {@code i} (and {@code c}), and its change's preview as
     * {@code p}: read in the same statement, so the hash beside each row is the one of the preview the row
     * belongs to, even while another preview replaces both. (Rows keep a copy of the hash, still written for
     * nodes of 0.1.0, which read that during an upgrade; nothing here does.)
     */
    static final String FROM = " FROM price_change_item i"
            + " LEFT JOIN price_change_preview p ON p.price_change_id = i.price_change_id"
            + " LEFT JOIN price_change_item_confirmation c"
            + " ON c.price_change_id = i.price_change_id AND c.product_id = i.product_id";

    /** The outcome an item shows: its rollback's, its apply's, PENDING while it waits, else its preview status. */
    static final String DISPLAYED_OUTCOME = """
            CASE WHEN i.rollback_outcome IS NOT NULL THEN i.rollback_outcome
                 WHEN i.outcome IS NOT NULL THEN i.outcome
                 WHEN i.status = 'CHANGE' THEN 'PENDING'
                 ELSE i.status END""";

    /** What {@link #item} reads of a row of {@link #FROM}. */
    static final String COLUMNS = "i.*, p.preview_hash AS previewed_hash, c.apply_confirmation,"
            + " c.rollback_confirmation, " + DISPLAYED_OUTCOME + " AS displayed_outcome";

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

    /** The preview's explain frame of a row whose explain was not stored whole. */
    interface Frames {
        ExplainFrame of(ResultSet row) throws SQLException;
    }

    private final ObjectMapper mapper;

    PriceChangeItemRows(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The filter's conditions on {@link #FROM}, each starting with AND; their values appended to {@code args}. */
    static String conditions(Filter filter, List<Object> args) {
        StringBuilder where = new StringBuilder();
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
        return where.toString();
    }

    /** A row of {@link #COLUMNS}. */
    PriceChangeItem item(ResultSet rs, Frames frames) throws SQLException {
        String currency = rs.getString("currency").trim();
        PriceChangeItemPriorPrice prior = priorPrice(rs.getString("prior_price"), currency);
        JsonNode explain = explain(rs, frames);
        if (prior != null && explain instanceof ObjectNode trace) {
            // the explain says where the compare-at came from: the prior price, not the price before the cut
            trace.set("priorPrice", mapper.valueToTree(prior));
        }
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
                read(rs.getString("reasons"), REASONS), outcomeReason, explain, channelStates(rs),
                anomalies(rs.getString("anomalies")), prior);
    }

    /** Stored only with the prior-price rule on for the item's currency. */
    private PriceChangeItemPriorPrice priorPrice(String json, String currency) {
        if (json == null) {
            return null;
        }
        JsonNode stored = read(json, new TypeReference<JsonNode>() {
        });
        BigDecimal reduction = decimal(stored.path("reductionPercent"));
        return new PriceChangeItemPriorPrice(money(decimal(stored.path("amount")), currency),
                reduction == null ? null : reduction.toPlainString(), instant(stored.path("windowStart")),
                instant(stored.path("historySince")), instant(stored.path("campaignStart")));
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : new BigDecimal(node.asText());
    }

    private static Instant instant(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isNumber() ? Instant.ofEpochMilli(Math.round(node.asDouble() * 1000)) : Instant.parse(node.asText());
    }

    /** The item's explain: rendered from its inputs, or as stored by a preview made before they were. */
    private JsonNode explain(ResultSet rs, Frames frames) throws SQLException {
        String stored = rs.getString("explain");
        if (stored != null) {
            return read(stored, new TypeReference<JsonNode>() {
            });
        }
        return mapper.valueToTree(frames.of(rs).render(rs.getBigDecimal("current_price"),
                ExplainInputs.decode(rs.getString("explain_inputs"))));
    }

    ExplainFrame frame(String json) {
        return read(json, new TypeReference<ExplainFrame>() {
        });
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
                states.put(channel, new PriceChangeItemChannel(ChannelState.NOT_SYNCED,
                        PriceChangeItemQueries.notSyncedReason(channel), null));
            }
        }
        if (confirmations != null) {
            states.putAll(read(confirmations, CHANNEL_STATES));
        }
        return states;
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
