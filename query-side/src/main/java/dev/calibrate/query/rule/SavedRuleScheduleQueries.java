package dev.calibrate.query.rule;

import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleSchedule;
import dev.calibrate.query.rule.SavedRuleReadApi.ScheduledRun;
import dev.calibrate.query.rule.SavedRuleReadApi.ScheduledRunPage;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.query.rule.SavedRuleQueries.instant;

/**
 * A saved rule's schedule and last run, from the read model; the next run is the due time of the rule's
 * db-scheduler execution (the command side's, read through {@code saved_rule_next_run}, V52), which is what
 * will run, shown in the tenant's time zone from the tenant read model; and its past runs. Run inside the
 * tenant's read scope.
 */
@Component
class SavedRuleScheduleQueries {

    private final NamedParameterJdbcTemplate sql;

    SavedRuleScheduleQueries(NamedParameterJdbcTemplate sql) {
        this.sql = sql;
    }

    SavedRuleSchedule schedule(UUID id) {
        return sql.query("""
                SELECT r.schedule_cron, r.schedule_name, r.scheduled_by, r.scheduled_at,
                       coalesce(t.time_zone, 'UTC') AS time_zone, s.execution_time, s.picked
                FROM saved_rule_view r
                LEFT JOIN tenant_view t ON t.tenant_id = r.tenant_id
                LEFT JOIN saved_rule_next_run(r.rule_id) s ON true
                WHERE r.rule_id = :id AND r.schedule_cron IS NOT NULL""",
                new MapSqlParameterSource("id", id), (rs, n) -> {
                    ZoneId zone = ZoneId.of(rs.getString("time_zone"));
                    Instant next = rs.getBoolean("picked") ? null : instant(rs, "execution_time");
                    return new SavedRuleSchedule(rs.getString("schedule_cron"), rs.getString("schedule_name"),
                            rs.getString("scheduled_by"), instant(rs, "scheduled_at"), zone.getId(), next,
                            next == null ? null : next.atZone(zone).toString());
                }).stream().findFirst().orElse(null);
    }

    ScheduledRun lastRun(UUID id) {
        return sql.query("""
                SELECT last_run_slot, last_run_price_change, last_run_skipped, last_run_at FROM saved_rule_view
                WHERE rule_id = :id AND last_run_slot IS NOT NULL""", new MapSqlParameterSource("id", id),
                (rs, n) -> new ScheduledRun(instant(rs, "last_run_slot"),
                        rs.getObject("last_run_price_change", UUID.class), rs.getString("last_run_skipped"),
                        instant(rs, "last_run_at"))).stream().findFirst().orElse(null);
    }

    /**
     * The rule's runs with a slot before {@code before} (all when null), newest first; null when the tenant has no
     * such rule.
     */
    ScheduledRunPage runs(UUID id, Instant before, int size) {
        Boolean exists = sql.queryForObject("SELECT EXISTS (SELECT 1 FROM saved_rule_view WHERE rule_id = :id)",
                new MapSqlParameterSource("id", id), Boolean.class);
        if (!Boolean.TRUE.equals(exists)) {
            return null;
        }
        List<ScheduledRun> runs = sql.query("""
                SELECT slot, price_change_id, skipped, ran_at FROM saved_rule_run
                WHERE rule_id = :id AND (CAST(:before AS timestamptz) IS NULL OR slot < CAST(:before AS timestamptz))
                ORDER BY slot DESC LIMIT :limit""",
                new MapSqlParameterSource("id", id).addValue("limit", size + 1)
                        .addValue("before", before == null ? null : before.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE),
                (rs, n) -> new ScheduledRun(instant(rs, "slot"), rs.getObject("price_change_id", UUID.class),
                        rs.getString("skipped"), instant(rs, "ran_at")));
        if (runs.size() <= size) {
            return new ScheduledRunPage(runs, null);
        }
        List<ScheduledRun> page = runs.subList(0, size);
        return new ScheduledRunPage(List.copyOf(page), page.get(size - 1).slot());
    }
}
