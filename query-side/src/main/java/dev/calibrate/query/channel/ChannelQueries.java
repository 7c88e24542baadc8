package dev.calibrate.query.channel;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.query.channel.ChannelReadApi.ChannelDrift;
import dev.calibrate.query.channel.ChannelReadApi.ChannelDriftPage;
import dev.calibrate.query.channel.ChannelReadApi.ChannelSyncCounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Channel reads. Run inside {@link dev.calibrate.kernel.tenant.TenantScope#read}: row-level security
 * limits them to the caller's tenant, so none of them filters by tenant itself.
 */
@Component
public class ChannelQueries {

    /** Where a drift is: open (OPEN, REPAIRING: the expected price is being sent again) or resolved. */
    public enum DriftState { OPEN, REPAIRING, ACCEPTED, REPAIRED }

    public static final List<DriftState> UNRESOLVED = List.of(DriftState.OPEN, DriftState.REPAIRING);

    private final JdbcTemplate jdbc;

    ChannelQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A drift's place in newest-first order (detected, then product id): where a keyset window starts or ends. */
    public record DriftPosition(Instant detectedAt, UUID productId) {
    }

    /**
     * The drift states a client names: one or more, comma separated, any case; the unresolved ones when
     * none (null or blank).
     */
    public static List<DriftState> driftStates(String state) {
        if (state == null || state.isBlank()) {
            return UNRESOLVED;
        }
        try {
            return Arrays.stream(state.split(",")).map(s -> DriftState.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                    .distinct().sorted().toList();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("state", "must be one or more of " + Arrays.toString(DriftState.values())
                    + ", comma separated");
        }
    }

    /**
     * Up to {@code limit} of the channel's drifts in {@code states}, in {@link #drifts}' order, after
     * {@code after} and before {@code before} when given: the first ones of that range, or with {@code fromEnd}
     * the last ones (still answered in that order). A keyset over the (tenant, channel, detected, product)
     * index, so walking them reads each once, and a drift detected meanwhile neither repeats nor hides another.
     */
    public List<ChannelDrift> driftWindow(String channel, List<DriftState> states, DriftPosition after,
                                          DriftPosition before, int limit, boolean fromEnd) {
        List<Object> args = new ArrayList<>(List.of(channel, states.stream().map(Enum::name).toArray(String[]::new)));
        StringBuilder range = new StringBuilder();
        if (after != null) {
            // the first bound alone is what the index starts its scan at; the second is the exact keyset
            range.append(" AND detected_at <= ? AND (detected_at < ? OR (detected_at = ? AND product_id > ?))");
            OffsetDateTime at = after.detectedAt().atOffset(ZoneOffset.UTC);
            args.addAll(List.of(at, at, at, after.productId()));
        }
        if (before != null) {
            range.append(" AND detected_at >= ? AND (detected_at > ? OR (detected_at = ? AND product_id < ?))");
            OffsetDateTime at = before.detectedAt().atOffset(ZoneOffset.UTC);
            args.addAll(List.of(at, at, at, before.productId()));
        }
        args.add(limit);
        List<ChannelDrift> found = new ArrayList<>(jdbc.query("SELECT product_id, channel, sku, currency, expected,"
                + " actual, actual_compare_at, state, detected_at, resolved_at FROM channel_drift_view"
                + " WHERE channel = ? AND state = ANY (?)" + range
                + (fromEnd ? " ORDER BY detected_at, product_id DESC" : " ORDER BY detected_at DESC, product_id")
                + " LIMIT ?", (rs, n) -> drift(rs), args.toArray()));
        if (fromEnd) {
            Collections.reverse(found);
        }
        return found;
    }

    /** A page of the channel's drifts in {@code states}, newest first (the product id breaks ties). */
    public ChannelDriftPage drifts(String channel, List<DriftState> states, Paging paging) {
        String[] wanted = states.stream().map(Enum::name).toArray(String[]::new);
        Long total = jdbc.queryForObject("SELECT count(*) FROM channel_drift_view WHERE channel = ? AND state = ANY (?)",
                Long.class, channel, wanted);
        List<ChannelDrift> items = jdbc.query("""
                SELECT product_id, channel, sku, currency, expected, actual, actual_compare_at, state, detected_at,
                       resolved_at
                  FROM channel_drift_view WHERE channel = ? AND state = ANY (?)
                 ORDER BY detected_at DESC, product_id LIMIT ? OFFSET ?""",
                (rs, n) -> drift(rs), channel, wanted, paging.size(), paging.offset());
        return new ChannelDriftPage(items, paging.page(), paging.size(), total == null ? 0 : total);
    }

    /**
     * Per write-back channel, how many of the change's products it holds the price of, and how many
     * it has not answered for, refused, or never got; a rolled back product counts with its rollback.
     */
    public Map<String, ChannelSyncCounts> syncCounts(PriceChangeId id) {
        return syncCounts(List.of(id)).getOrDefault(id.value(), new TreeMap<>());
    }

    /** {@link #syncCounts(PriceChangeId)} of several price changes in one statement (a page of them). */
    public Map<UUID, Map<String, ChannelSyncCounts>> syncCounts(Collection<PriceChangeId> ids) {
        Map<UUID, Map<String, Map<String, Long>>> counts = new HashMap<>();
        if (!ids.isEmpty()) {
            new NamedParameterJdbcTemplate(jdbc).query("""
                    SELECT price_change_id, channel, state, count(*) AS products FROM (
                        SELECT DISTINCT ON (price_change_id, product_id, channel) price_change_id, channel, state
                          FROM price_change_channel_sync WHERE price_change_id IN (:ids)
                         ORDER BY price_change_id, product_id, channel, action = 'ROLLBACK' DESC) shown
                     GROUP BY price_change_id, channel, state""",
                    Map.of("ids", ids.stream().map(PriceChangeId::value).toList()), rs -> {
                        counts.computeIfAbsent(rs.getObject("price_change_id", UUID.class), c -> new TreeMap<>())
                                .computeIfAbsent(rs.getString("channel"), c -> new HashMap<>())
                                .put(rs.getString("state"), rs.getLong("products"));
                    });
        }
        Map<UUID, Map<String, ChannelSyncCounts>> byChange = new HashMap<>();
        counts.forEach((change, byChannel) -> {
            Map<String, ChannelSyncCounts> sync = new TreeMap<>();
            byChannel.forEach((channel, byState) -> sync.put(channel, new ChannelSyncCounts(
                    byState.getOrDefault("PENDING", 0L), byState.getOrDefault("SYNCED", 0L),
                    byState.getOrDefault("FAILED", 0L), byState.getOrDefault("SUPERSEDED", 0L))));
            byChange.put(change, sync);
        });
        return byChange;
    }

    private static ChannelDrift drift(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency").trim();
        UUID productId = rs.getObject("product_id", UUID.class);
        return new ChannelDrift(productId, productId, rs.getString("channel"), rs.getString("sku"), currency,
                money(rs.getBigDecimal("expected"), currency), money(rs.getBigDecimal("actual"), currency),
                money(rs.getBigDecimal("actual_compare_at"), currency), DriftState.valueOf(rs.getString("state")),
                instant(rs, "detected_at"), instant(rs, "resolved_at"));
    }

    /** Money leaves as a decimal string at the currency's scale ("21.60", "1200"). */
    private static String money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount, currency).amount().toPlainString();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
