package dev.calibrate.query.channel;

import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Channel reads. Run inside {@link dev.calibrate.query.consistency.TenantReads}: row-level security
 * limits them to the caller's tenant, so none of them filters by tenant itself.
 */
@Component
public class ChannelQueries {

    /** Where a drift is: open (OPEN, REPAIRING: the expected price is being sent again) or resolved. */
    public enum DriftState { OPEN, REPAIRING, ACCEPTED, REPAIRED }

    public static final List<DriftState> UNRESOLVED = List.of(DriftState.OPEN, DriftState.REPAIRING);

    private static final List<String> SYNC_STATES = List.of("PENDING", "SYNCED", "FAILED", "SUPERSEDED");

    private final JdbcTemplate jdbc;

    ChannelQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of the channel's drifts in {@code states}, newest first (the product id breaks ties). */
    public Map<String, Object> drifts(String channel, List<DriftState> states, Paging paging) {
        String[] wanted = states.stream().map(Enum::name).toArray(String[]::new);
        Long total = jdbc.queryForObject("SELECT count(*) FROM channel_drift_view WHERE channel = ? AND state = ANY (?)",
                Long.class, channel, wanted);
        List<Map<String, Object>> items = jdbc.query("""
                SELECT product_id, channel, sku, currency, expected, actual, actual_compare_at, state, detected_at,
                       resolved_at
                  FROM channel_drift_view WHERE channel = ? AND state = ANY (?)
                 ORDER BY detected_at DESC, product_id LIMIT ? OFFSET ?""",
                (rs, n) -> drift(rs), channel, wanted, paging.size(), paging.offset());
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("page", paging.page());
        page.put("size", paging.size());
        page.put("total", total == null ? 0 : total);
        return page;
    }

    /**
     * Per write-back channel, how many of the change's products it holds the price of, and how many
     * it has not answered for, refused, or never got; a rolled back product counts with its rollback.
     */
    public Map<String, Map<String, Long>> syncCounts(PriceChangeId id) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        jdbc.query("""
                SELECT channel, state, count(*) AS products FROM (
                    SELECT DISTINCT ON (product_id, channel) channel, state FROM price_change_channel_sync
                     WHERE price_change_id = ? ORDER BY product_id, channel, action = 'ROLLBACK' DESC) shown
                 GROUP BY channel, state""", rs -> {
            Map<String, Long> channel = counts.computeIfAbsent(rs.getString("channel"), c -> {
                Map<String, Long> zero = new LinkedHashMap<>();
                SYNC_STATES.forEach(state -> zero.put(state.toLowerCase(Locale.ROOT), 0L));
                return zero;
            });
            channel.put(rs.getString("state").toLowerCase(Locale.ROOT), rs.getLong("products"));
        }, id.value());
        return counts;
    }

    private static Map<String, Object> drift(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency").trim();
        Map<String, Object> drift = new LinkedHashMap<>();
        drift.put("id", rs.getString("product_id"));
        drift.put("productId", rs.getString("product_id"));
        drift.put("channel", rs.getString("channel"));
        drift.put("sku", rs.getString("sku"));
        drift.put("currency", currency);
        drift.put("expected", money(rs.getBigDecimal("expected"), currency));
        drift.put("actual", money(rs.getBigDecimal("actual"), currency));
        drift.put("actualCompareAt", money(rs.getBigDecimal("actual_compare_at"), currency));
        drift.put("state", rs.getString("state"));
        drift.put("detectedAt", instant(rs, "detected_at"));
        drift.put("resolvedAt", instant(rs, "resolved_at"));
        return drift;
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
