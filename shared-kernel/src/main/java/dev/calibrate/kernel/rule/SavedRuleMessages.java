package dev.calibrate.kernel.rule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Commands and events of a saved rule (the SavedRule aggregate): a named pricing rule kept in versions
 * numbered 1, 2, … (each edit is a new one; the events keep every version), which a price change can
 * reference instead of embedding a rule. Enabling and disabling are events too, so the audit log shows
 * who did it and when.
 */
public final class SavedRuleMessages {

    private SavedRuleMessages() {
    }

    // --- commands -------------------------------------------------------------------------

    /** {@code rule} is the rules-DSL JSON, already valid. A new rule is version 1 and disabled. */
    public record CreateSavedRule(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId, Actor by, String name,
                                  JsonNode rule) implements TenantCommand {
    }

    /** A new version, made only from {@code expectedVersion}, the latest: an edit of an older one is stale. */
    public record ReviseSavedRule(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId, Actor by,
                                  int expectedVersion, String name, JsonNode rule) implements TenantCommand {
    }

    public record EnableSavedRule(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId, Actor by)
            implements TenantCommand {
    }

    public record DisableSavedRule(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId, Actor by)
            implements TenantCommand {
    }

    /**
     * What a price change referencing the rule uses: the rule of {@code version}, or of the latest version
     * when it is null. Answered by the aggregate from the event store, so a version just written is found.
     */
    public record ResolveSavedRule(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId, Integer version)
            implements TenantCommand {
    }

    /**
     * Gives the rule a recurring schedule, or a new one in place of the old: {@code cron} is already checked
     * and in Spring's six fields, read in the tenant's time zone; {@code name} (optional) names the drafts.
     */
    public record ScheduleSavedRule(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId, Actor by,
                                    String cron, String name) implements TenantCommand {
    }

    public record UnscheduleSavedRule(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId, Actor by)
            implements TenantCommand {
    }

    /**
     * The background task asks whether the run of {@code slot} (an instant of the schedule {@code cron})
     * should draft: the {@link ScheduledRunPlan} draws nothing when the schedule is gone or changed, the slot
     * already ran, or the rule is disabled (which the rule records as a skip).
     */
    public record StartScheduledRun(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId, String cron,
                                    Instant slot) implements TenantCommand {
    }

    /**
     * The background task asks, before each retry of a scheduled draft's preview, whether the rule still wants
     * it: answers why not (the rule is disabled, or has no schedule any more), or null to go on. Records nothing.
     */
    public record CheckScheduledPreviewRetry(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId)
            implements TenantCommand {
    }

    /**
     * What the run of {@code slot} came to: the change it drafted from {@code version}, or why it skipped
     * (exactly one of {@code drafted} and {@code skipped}; {@code version} is 0 for a skip). Answers the rule's
     * cron as it is now (null: no schedule), which the next run is planned with.
     */
    public record RecordScheduledRun(@TargetAggregateIdentifier SavedRuleId id, TenantId tenantId, Instant slot,
                                     PriceChangeId drafted, int version, String skipped) implements TenantCommand {
    }

    /**
     * What a scheduled run does: {@code cron} is the rule's schedule now (null: it has none, the run ends);
     * {@code draftFrom} the latest version to draft from (who saved it counts as the draft's author), null when
     * the run drafts nothing; {@code previousDraft} the change the previous scheduled run drafted, if any,
     * which must no longer be in flight.
     */
    public record ScheduledRunPlan(String cron, SavedRuleVersion draftFrom, String scheduleName,
                                   PriceChangeId previousDraft) {
    }

    /** One version of a saved rule, exactly as it was saved, and who saved it. */
    public record SavedRuleVersion(SavedRuleId id, int version, String name, JsonNode rule, Actor savedBy) {
    }

    // --- events ---------------------------------------------------------------------------

    public sealed interface SavedRuleEvent extends DomainEvent {
        SavedRuleId id();

        Instant at();

        @Override
        default String entityType() {
            return "saved-rule";
        }

        @Override
        default String entityId() {
            return id().toString();
        }
    }

    /** Version 1 of a new rule; a new rule is disabled until an admin enables it. */
    public record SavedRuleCreated(SavedRuleId id, TenantId tenantId, Actor by, String name, JsonNode rule,
                                   Instant at) implements SavedRuleEvent {
    }

    /** Version {@code version} (2 or more) of the rule: its name and rule as of this edit. */
    public record SavedRuleRevised(SavedRuleId id, TenantId tenantId, Actor by, int version, String name,
                                   JsonNode rule, Instant at) implements SavedRuleEvent {
    }

    public record SavedRuleEnabled(SavedRuleId id, TenantId tenantId, Actor by, Instant at) implements SavedRuleEvent {
    }

    public record SavedRuleDisabled(SavedRuleId id, TenantId tenantId, Actor by, Instant at)
            implements SavedRuleEvent {
    }

    /** The rule drafts a price change at every instant of {@code cron} (six fields, the tenant's time zone). */
    public record SavedRuleScheduleSet(SavedRuleId id, TenantId tenantId, Actor by, String cron, String name,
                                       Instant at) implements SavedRuleEvent {
    }

    public record SavedRuleScheduleRemoved(SavedRuleId id, TenantId tenantId, Actor by, Instant at)
            implements SavedRuleEvent {
    }

    /** The run of {@code slot} drafted (and previewed) {@code priceChange} from {@code version}. */
    public record SavedRuleScheduledRunDrafted(SavedRuleId id, TenantId tenantId, Instant slot,
                                               PriceChangeId priceChange, int version, Instant at)
            implements SavedRuleEvent {
    }

    /** The run of {@code slot} drafted nothing, for {@code reason}. */
    public record SavedRuleScheduledRunSkipped(SavedRuleId id, TenantId tenantId, Instant slot, String reason,
                                               Instant at) implements SavedRuleEvent {
    }
}
