package dev.calibrate.query.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleNotFound;
import dev.calibrate.query.rule.SavedRuleReadApi.PricedByRuleVersion;
import dev.calibrate.query.rule.SavedRuleReadApi.PricedProduct;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleDetail;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRulePage;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleSummary;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleVersionEntry;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleVersionView;
import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleVersions;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Saved rule reads. Run inside {@link dev.calibrate.kernel.tenant.TenantScope#read}: row-level security
 * limits every statement to the caller's tenant, so another tenant's rule reads as missing.
 */
@Component
public class SavedRuleQueries {

    private static final String SUMMARY = """
            SELECT rule_id, name, latest_version, enabled, created_by, created_at, last_editor, updated_at,
                   switched_by, switched_at FROM saved_rule_view""";

    private final NamedParameterJdbcTemplate sql;
    private final ObjectMapper mapper;
    private final SavedRuleScheduleQueries schedules;

    SavedRuleQueries(NamedParameterJdbcTemplate sql, ObjectMapper mapper, SavedRuleScheduleQueries schedules) {
        this.sql = sql;
        this.mapper = mapper;
        this.schedules = schedules;
    }

    /** Newest first. */
    SavedRulePage list(Paging paging) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("limit", paging.size()).addValue("offset", paging.offset());
        Long total = sql.queryForObject("SELECT count(*) FROM saved_rule_view", params, Long.class);
        List<SavedRuleSummary> items = sql.query(SUMMARY + " ORDER BY created_at DESC, rule_id DESC"
                + " LIMIT :limit OFFSET :offset", params, (rs, n) -> summary(rs));
        return new SavedRulePage(items, paging.page(), paging.size(), total == null ? 0 : total);
    }

    SavedRuleDetail get(UUID id) {
        SavedRuleSummary summary = summary(id);
        return new SavedRuleDetail(summary, version(id, summary.latestVersion())
                .orElseThrow(SavedRuleNotFound::new), schedules.schedule(id), schedules.lastRun(id));
    }

    SavedRuleVersions versions(UUID id) {
        summary(id);
        List<SavedRuleVersionEntry> versions = sql.query("""
                SELECT version, name, saved_by, saved_at FROM saved_rule_version WHERE rule_id = :id ORDER BY version""",
                new MapSqlParameterSource("id", id), (rs, n) -> new SavedRuleVersionEntry(rs.getInt("version"),
                        rs.getString("name"), rs.getString("saved_by"), instant(rs, "saved_at")));
        return new SavedRuleVersions(id, versions);
    }

    /** One version exactly as saved; empty for an unknown rule or version (or another tenant's). */
    public Optional<SavedRuleVersionView> version(UUID id, int version) {
        return sql.query("""
                SELECT rule_id, version, name, rule::text AS rule, saved_by, saved_at FROM saved_rule_version
                WHERE rule_id = :id AND version = :version""",
                new MapSqlParameterSource("id", id).addValue("version", version), (rs, n) -> versionView(rs))
                .stream().findFirst();
    }

    /**
     * The products whose price in effect at {@code at} (set at or before it, not yet replaced) was set by
     * the apply of a price change that used the version: the price history's interval holding {@code at},
     * whose source names one of those changes. A page is {@code size} products after {@code after} in
     * product id order, each with every currency the version priced; {@code nextAfter} is the last of them
     * when more follow. No count over everything: a page costs what it holds.
     */
    PricedByRuleVersion pricedBy(UUID id, int version, Instant at, UUID after, int size) {
        if (version(id, version).isEmpty()) {
            throw new SavedRuleNotFound.VersionNotFound(new SavedRuleId(id), version);
        }
        MapSqlParameterSource params = new MapSqlParameterSource("id", id).addValue("version", version)
                .addValue("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .addValue("after", after == null ? new UUID(0, 0) : after)
                .addValue("limit", size + 1);
        String priced = """
                FROM price_change_view c
                JOIN product_price_history h ON h.source = 'price-change:' || c.price_change_id::text
                WHERE c.rule_id = :id AND c.rule_version = :version
                  AND h.valid_from <= :at AND (h.valid_to IS NULL OR h.valid_to > :at)""";
        List<PricedProduct> rows = sql.query("""
                SELECT h.product_id, p.sku, h.currency, h.amount, h.compare_at, c.price_change_id, h.valid_from,
                       h.event_id
                """ + priced.replace("WHERE", "LEFT JOIN product_view p ON p.product_id = h.product_id\nWHERE")
                + " AND h.product_id IN (SELECT DISTINCT h.product_id " + priced + " AND h.product_id > :after"
                + " ORDER BY h.product_id LIMIT :limit) ORDER BY h.product_id, h.currency", params,
                (rs, n) -> {
                    String currency = rs.getString("currency");
                    return new PricedProduct(rs.getObject("product_id", UUID.class), rs.getString("sku"), currency,
                            amount(rs.getBigDecimal("amount"), currency), amount(rs.getBigDecimal("compare_at"), currency),
                            rs.getObject("price_change_id", UUID.class), instant(rs, "valid_from"),
                            rs.getString("event_id"));
                });
        List<UUID> products = rows.stream().map(PricedProduct::productId).distinct().toList();
        if (products.size() <= size) {
            return new PricedByRuleVersion(id, version, at, rows, null);
        }
        UUID last = products.get(size - 1);
        // the database orders UUIDs as unsigned bytes, Java's compareTo as signed longs: keep by position
        Set<UUID> kept = new HashSet<>(products.subList(0, size));
        List<PricedProduct> page = rows.stream().filter(row -> kept.contains(row.productId())).toList();
        return new PricedByRuleVersion(id, version, at, page, last.toString());
    }

    private SavedRuleSummary summary(UUID id) {
        return sql.query(SUMMARY + " WHERE rule_id = :id", new MapSqlParameterSource("id", id),
                (rs, n) -> summary(rs)).stream().findFirst().orElseThrow(SavedRuleNotFound::new);
    }

    private static SavedRuleSummary summary(ResultSet rs) throws SQLException {
        return new SavedRuleSummary(rs.getObject("rule_id", UUID.class), rs.getString("name"),
                rs.getInt("latest_version"), rs.getBoolean("enabled"), rs.getString("created_by"),
                instant(rs, "created_at"), rs.getString("last_editor"), instant(rs, "updated_at"),
                rs.getString("switched_by"), instant(rs, "switched_at"));
    }

    private SavedRuleVersionView versionView(ResultSet rs) throws SQLException {
        try {
            return new SavedRuleVersionView(rs.getObject("rule_id", UUID.class), rs.getInt("version"),
                    rs.getString("name"), mapper.readTree(rs.getString("rule")), rs.getString("saved_by"),
                    instant(rs, "saved_at"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** An amount at its currency's scale, as money leaves everywhere else. */
    private static String amount(BigDecimal amount, String currency) {
        return amount == null ? null
                : amount.setScale(Money.minorUnits(currency), RoundingMode.HALF_EVEN).toPlainString();
    }
}
