package dev.calibrate.query.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleCreated;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleDisabled;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleEnabled;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleRevised;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleRemoved;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleSet;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunDrafted;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunSkipped;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Saved rules (saved_rule_view, with their schedule and its last run) and every version of them
 * (saved_rule_version), the only writer of both.
 * Idempotent: a version is keyed by rule and version, and the rule's row only moves forward to a higher
 * version, so a redelivered event changes nothing. Rebuilt by replay.
 */
@Component
@ProcessingGroup(SavedRuleProjection.NAME)
public class SavedRuleProjection {

    public static final String NAME = "saved-rules";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    SavedRuleProjection(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    @EventHandler
    void on(SavedRuleCreated event) {
        jdbc.update("""
                INSERT INTO saved_rule_view (rule_id, tenant_id, name, latest_version, enabled, created_by, created_at,
                                             last_editor, updated_at)
                VALUES (?, ?, ?, 1, false, ?, ?, ?, ?) ON CONFLICT (rule_id) DO NOTHING""",
                event.id().value(), event.tenantId().value(), event.name(), event.by().id(), timestamp(event.at()),
                event.by().id(), timestamp(event.at()));
        version(event.id(), 1, event.tenantId(), event.name(), event.rule(), event.by(), event.at());
    }

    @EventHandler
    void on(SavedRuleRevised event) {
        jdbc.update("""
                UPDATE saved_rule_view SET name = ?, latest_version = ?, last_editor = ?, updated_at = ?
                WHERE rule_id = ? AND latest_version < ?""",
                event.name(), event.version(), event.by().id(), timestamp(event.at()), event.id().value(),
                event.version());
        version(event.id(), event.version(), event.tenantId(), event.name(), event.rule(), event.by(), event.at());
    }

    @EventHandler
    void on(SavedRuleEnabled event, @SequenceNumber long sequence) {
        switched(event.id(), true, event.by(), event.at(), sequence);
    }

    @EventHandler
    void on(SavedRuleDisabled event, @SequenceNumber long sequence) {
        switched(event.id(), false, event.by(), event.at(), sequence);
    }

    @EventHandler
    void on(SavedRuleScheduleSet event, @SequenceNumber long sequence) {
        scheduled(event.id(), event.cron(), event.name(), event.by(), event.at(), sequence);
    }

    @EventHandler
    void on(SavedRuleScheduleRemoved event, @SequenceNumber long sequence) {
        scheduled(event.id(), null, null, event.by(), event.at(), sequence);
    }

    @EventHandler
    void on(SavedRuleScheduledRunDrafted event) {
        ran(event.id(), event.slot(), event.priceChange().value(), null, event.at());
    }

    @EventHandler
    void on(SavedRuleScheduledRunSkipped event) {
        ran(event.id(), event.slot(), null, event.reason(), event.at());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM saved_rule_version");
        jdbc.update("DELETE FROM saved_rule_view");
    }

    private void version(SavedRuleId id, int version, TenantId tenantId, String name, JsonNode rule, Actor by,
                         Instant at) {
        jdbc.update("""
                INSERT INTO saved_rule_version (rule_id, version, tenant_id, name, rule, saved_by, saved_at)
                VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?) ON CONFLICT (rule_id, version) DO NOTHING""",
                id.value(), version, tenantId.value(), name, json(rule), by.id(), timestamp(at));
    }

    /**
     * A redelivered switch, or one older than the last recorded, changes nothing. Older means earlier in the
     * rule's own event sequence, the order the aggregate decided them in: the wall clocks of two nodes may
     * disagree, so an enable stamped a moment after a later disable must not win.
     */
    private void switched(SavedRuleId id, boolean enabled, Actor by, Instant at, long sequence) {
        jdbc.update("""
                UPDATE saved_rule_view SET enabled = ?, switched_by = ?, switched_at = ?, switched_sequence = ?
                WHERE rule_id = ? AND (switched_sequence IS NULL OR switched_sequence < ?)""",
                enabled, by.id(), timestamp(at), sequence, id.value(), sequence);
    }

    /** As {@link #switched}: ordered by the rule's event sequence; a removed schedule keeps who removed it. */
    private void scheduled(SavedRuleId id, String cron, String name, Actor by, Instant at, long sequence) {
        jdbc.update("""
                UPDATE saved_rule_view SET schedule_cron = ?, schedule_name = ?, scheduled_by = ?, scheduled_at = ?,
                                           schedule_sequence = ?
                WHERE rule_id = ? AND (schedule_sequence IS NULL OR schedule_sequence < ?)""",
                cron, name, by.id(), timestamp(at), sequence, id.value(), sequence);
    }

    /** A run of a later slot replaces the last run; a redelivered one changes nothing. */
    private void ran(SavedRuleId id, Instant slot, UUID priceChange, String skipped, Instant at) {
        jdbc.update("""
                UPDATE saved_rule_view SET last_run_slot = ?, last_run_price_change = ?, last_run_skipped = ?,
                                           last_run_at = ?
                WHERE rule_id = ? AND (last_run_slot IS NULL OR last_run_slot < ?)""",
                timestamp(slot), priceChange, skipped, timestamp(at), id.value(), timestamp(slot));
    }

    private String json(JsonNode rule) {
        try {
            return mapper.writeValueAsString(rule);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
