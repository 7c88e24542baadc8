package dev.calibrate.query.rule;

import dev.calibrate.query.rule.SavedRuleReadApi.SavedRuleSchedule;
import dev.calibrate.query.rule.SavedRuleReadApi.ScheduledRun;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import static dev.calibrate.query.rule.SavedRuleQueries.instant;

/**
 * A saved rule's schedule and last run, from the read model; the next run is the due time of the rule's
 * db-scheduler execution (the command side's, read through {@code saved_rule_next_run}, V52), which is what
 * will run, shown in the tenant's time zone from the tenant read model. Run inside the tenant's read scope.
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
}
