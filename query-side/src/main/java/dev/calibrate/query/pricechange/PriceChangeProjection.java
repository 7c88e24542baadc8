package dev.calibrate.query.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeCancelled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEvent;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeFirstApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRejected;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunAbandoned;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunFailed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRunRetried;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeScheduled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The price change list ({@code price_change_view}): one row per price change, following its state
 * machine. Timestamps are the events' own {@code at}. Events of one price change arrive in order, so
 * the row's version tells which were applied: a redelivered event changes nothing. Rebuilt by replay.
 * Written with plain SQL in the handler, not through JPA: a statement the database refuses then fails
 * inside the savepoint the processor isolates a suspect event in, so that event alone is dead-lettered,
 * where a failed Hibernate flush would doom the whole transaction. {@link PriceChangeView} only reads.
 */
@Component
@ProcessingGroup(PriceChangeProjection.NAME)
public class PriceChangeProjection {

    public static final String NAME = "price-changes";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    PriceChangeProjection(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    @EventHandler
    void on(PriceChangeDrafted event, @SequenceNumber long version) {
        Definition definition = event.definition();
        update("""
                INSERT INTO price_change_view (price_change_id, tenant_id, author, created_at, name, rule, schedule_at,
                                               expires_at, note, state, updated_at, version, rule_id, rule_version)
                VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (price_change_id) DO NOTHING""",
                event.id().value(), event.tenantId().value(), event.author().id(), timestamp(event.at()),
                definition.name(), json(definition.rule()), timestamp(definition.scheduleAt()),
                timestamp(definition.expiresAt()), definition.note(), PriceChangeState.DRAFT.name(),
                timestamp(event.at()), version, definition.ruleRef() == null ? null : definition.ruleRef().id().value(),
                definition.ruleRef() == null ? null : definition.ruleRef().version());
    }

    @EventHandler
    void on(PriceChangeEdited event, @SequenceNumber long version) {
        List<Assignment> changes = new ArrayList<>(definition(event.definition()));
        changes.add(set("last_editor", event.editor().id()));
        changes.addAll(preview(null, null, null));
        changes.addAll(approvalNeed(null, null));
        apply(event, version, PriceChangeState.DRAFT, changes);
    }

    @EventHandler
    void on(PriceChangePreviewed event, @SequenceNumber long version) {
        List<Assignment> changes = new ArrayList<>(preview(event.previewHash(), event.summary(), event.at()));
        changes.addAll(approvalNeed(event.size(), event.approvalNeed()));
        apply(event, version, PriceChangeState.PREVIEWED, changes);
    }

    /** The first of two approvals: the change stays SUBMITTED, waiting for the second. */
    @EventHandler
    void on(PriceChangeFirstApproved event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.SUBMITTED, List.of(set("first_approver", event.approver().id()),
                set("first_approver_subject", event.approver().subject()), set("first_approved_at", event.at())));
    }

    /** Edited items make a new preview hash; a submitted change is PREVIEWED again. */
    @EventHandler
    void on(PriceChangePreviewEdited event, @SequenceNumber long version) {
        List<Assignment> changes = new ArrayList<>(preview(event.previewHash(), event.summary(), event.at()));
        changes.addAll(approvalNeed(event.size(), event.approvalNeed()));
        changes.add(set("submitted_at", null));
        apply(event, version, PriceChangeState.PREVIEWED, changes);
    }

    @EventHandler
    void on(PriceChangeSubmitted event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.SUBMITTED, List.of(set("submitted_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeApproved event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.APPROVED,
                List.of(set("approver", event.approver().id()), set("approver_subject", event.approver().subject()),
                        set("self_approved", event.selfApproved()), set("approved_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeRejected event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.REJECTED, List.of(set("rejected_by", event.by().id()),
                set("rejection_reason", event.reason()), set("rejected_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeCancelled event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.CANCELLED, List.of(set("cancelled_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeScheduled event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.SCHEDULED,
                List.of(set("schedule_at", event.scheduleAt()), set("scheduled_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeApplyStarted event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.APPLYING, List.of(set("apply_started_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeApplied event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.APPLIED, List.of(set("applied", event.applied()),
                set("conflicts", event.conflicts()), set("expires_at", event.expiresAt()),
                set("applied_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeRollbackStarted event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.ROLLING_BACK, List.of(set("rollback_started_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeRolledBack event, @SequenceNumber long version) {
        apply(event, version, event.trigger() == RollbackTrigger.EXPIRY ? PriceChangeState.EXPIRED
                        : PriceChangeState.ROLLED_BACK,
                List.of(set("rolled_back", event.rolledBack()), set("rollback_conflicts", event.conflicts()),
                        set("rolled_back_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeRunFailed event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.FAILED,
                List.of(set("failed_run", event.kind().name()), set("failed_attempts", event.attempts()),
                        set("failure_reason", event.reason()), set("failed_at", event.at())));
    }

    @EventHandler
    void on(PriceChangeRunRetried event, @SequenceNumber long version) {
        apply(event, version, event.kind() == RunKind.APPLY ? PriceChangeState.APPLYING : PriceChangeState.ROLLING_BACK,
                List.of());
    }

    @EventHandler
    void on(PriceChangeRunAbandoned event, @SequenceNumber long version) {
        apply(event, version, PriceChangeState.ABANDONED,
                List.of(set("abandoned_by", event.by().id()), set("abandoned_at", event.at())));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM price_change_view");
    }

    /** One column an event sets: its SQL assignment and the value bound to it. */
    private record Assignment(String sql, Object value) {
    }

    private static Assignment set(String column, Object value) {
        return new Assignment(column + " = ?", value instanceof Instant at ? timestamp(at) : value);
    }

    private List<Assignment> definition(Definition definition) {
        return List.of(set("name", definition.name()), new Assignment("rule = CAST(? AS jsonb)", json(definition.rule())),
                set("schedule_at", definition.scheduleAt()), set("expires_at", definition.expiresAt()),
                set("note", definition.note()),
                set("rule_id", definition.ruleRef() == null ? null : definition.ruleRef().id().value()),
                set("rule_version", definition.ruleRef() == null ? null : definition.ruleRef().version()));
    }

    /** The current preview; all null when an edit voids it. */
    private static List<Assignment> preview(String hash, PreviewSummary summary, Instant at) {
        return List.of(set("preview_hash", hash), set("previewed_at", at),
                set("preview_items", summary == null ? null : summary.items()),
                set("preview_change", summary == null ? null : summary.change()),
                set("preview_no_change", summary == null ? null : summary.noChange()),
                set("preview_blocked", summary == null ? null : summary.blocked()),
                set("preview_skipped", summary == null ? null : summary.skipped()),
                set("preview_min_delta_percent", summary == null ? null : summary.minDeltaPercent()),
                set("preview_median_delta_percent", summary == null ? null : summary.medianDeltaPercent()),
                set("preview_max_delta_percent", summary == null ? null : summary.maxDeltaPercent()),
                set("preview_anomalous", summary == null ? null : summary.anomalous()));
    }

    /** How far the preview moves prices and what approval it needs; all null when an edit voids the preview. */
    private List<Assignment> approvalNeed(ChangeSize size, ApprovalNeed need) {
        String needJson;
        try {
            needJson = need == null ? null : mapper.writeValueAsString(need);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an approval need always serializes", e);
        }
        return List.of(set("preview_largest_decrease_percent", size == null ? null : size.largestDecreasePercent()),
                set("preview_revenue_impact", size == null || size.revenueImpact() == null ? null
                        : size.revenueImpact().amount()),
                set("approval_need", needJson), set("first_approver", null), set("first_approver_subject", null),
                set("first_approved_at", null));
    }

    /** Records {@code changes} and the new state, unless the row has seen this event already. */
    private void apply(PriceChangeEvent event, long version, PriceChangeState state, List<Assignment> changes) {
        List<Assignment> row = Stream.concat(changes.stream(), Stream.of(set("state", state.name()),
                set("updated_at", event.at()), set("version", version))).toList();
        Object[] values = Stream.concat(row.stream().map(Assignment::value), Stream.of(event.id().value(), version))
                .toArray();
        update("UPDATE price_change_view SET " + row.stream().map(Assignment::sql).collect(Collectors.joining(", "))
                + " WHERE price_change_id = ? AND version < ?", values);
    }

    /** Binds every value with setObject, so a null needs no SQL type looked up first. */
    private void update(String sql, Object... values) {
        jdbc.update(sql, ps -> {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
        });
    }

    private String json(JsonNode rule) {
        try {
            return rule == null ? null : mapper.writeValueAsString(rule);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static Object timestamp(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
