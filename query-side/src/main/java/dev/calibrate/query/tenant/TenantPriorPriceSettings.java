package dev.calibrate.query.tenant;

import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** A tenant's prior-price rule and time zone as the tenant read model holds them (off and UTC by default). */
@Component
public class TenantPriorPriceSettings {

    public record Settings(PriorPriceRule rule, ZoneId zone) {
    }

    private final JdbcTemplate jdbc;

    TenantPriorPriceSettings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Settings of(TenantId tenantId) {
        List<String> zones = jdbc.queryForList("SELECT time_zone FROM tenant_view WHERE tenant_id = ?", String.class,
                tenantId.value());
        ZoneId zone = ZoneId.of(zones.isEmpty() ? "UTC" : zones.get(0));
        List<PriorPriceRule> rules = jdbc.query("""
                SELECT (policy->'priorPriceRule'->>'enabled')::boolean AS enabled,
                       (policy->'priorPriceRule'->>'windowDays')::int AS window_days,
                       ARRAY(SELECT jsonb_array_elements_text(coalesce(policy->'priorPriceRule'->'currencies', '[]'))) AS currencies,
                       (policy->'priorPriceRule'->>'progressive')::boolean AS progressive
                FROM tenant_policy_view WHERE tenant_id = ? AND policy->'priorPriceRule' IS NOT NULL""",
                (rs, i) -> new PriorPriceRule(rs.getBoolean("enabled"), rs.getInt("window_days"),
                        Set.of((String[]) rs.getArray("currencies").getArray()), rs.getBoolean("progressive")),
                tenantId.value());
        return new Settings(rules.isEmpty() ? PriorPriceRule.DISABLED : rules.get(0), zone);
    }
}
