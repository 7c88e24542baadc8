package dev.calibrate.query.rule;

import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunDrafted;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunSkipped;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Every recorded run of a saved rule's schedule, one row a slot ({@code saved_rule_run}, V55): its own
 * processor, so that a deployment that had runs before the table existed fills it from the start of the event
 * stream. Idempotent (a slot's row is inserted once); replayable.
 */
@Component
@ProcessingGroup(SavedRuleRunProjection.NAME)
public class SavedRuleRunProjection {

    public static final String NAME = "saved-rule-runs";

    private final JdbcTemplate jdbc;

    SavedRuleRunProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SavedRuleScheduledRunDrafted event) {
        ran(event.id().value(), event.tenantId().value(), event.slot(), event.priceChange().value(), null, event.at());
    }

    @EventHandler
    void on(SavedRuleScheduledRunSkipped event) {
        ran(event.id().value(), event.tenantId().value(), event.slot(), null, event.reason(), event.at());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM saved_rule_run");
    }

    private void ran(UUID rule, UUID tenant, Instant slot, UUID priceChange, String skipped, Instant at) {
        jdbc.update("""
                INSERT INTO saved_rule_run (rule_id, slot, tenant_id, ran_at, price_change_id, skipped)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, slot) DO NOTHING""",
                rule, timestamp(slot), tenant, timestamp(at), priceChange, skipped);
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
