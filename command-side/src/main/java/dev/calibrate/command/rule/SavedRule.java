package dev.calibrate.command.rule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.CheckScheduledPreviewRetry;
import dev.calibrate.kernel.rule.SavedRuleMessages.CreateSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.DisableSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.EnableSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.RecordScheduledRun;
import dev.calibrate.kernel.rule.SavedRuleMessages.ResolveSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.ReviseSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleCreated;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleDisabled;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleEnabled;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleRevised;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleRemoved;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduleSet;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunDrafted;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunSkipped;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleVersion;
import dev.calibrate.kernel.rule.SavedRuleMessages.ScheduleSavedRule;
import dev.calibrate.kernel.rule.SavedRuleMessages.ScheduledRunPlan;
import dev.calibrate.kernel.rule.SavedRuleMessages.StartScheduledRun;
import dev.calibrate.kernel.rule.SavedRuleMessages.UnscheduleSavedRule;
import dev.calibrate.kernel.rule.SavedRuleNotFound;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A named pricing rule kept in versions: each edit is a new version, numbered from 1, and every version
 * stays (a price change names the one it used). Enabling it is an admin's decision, recorded like any
 * other; a disabled rule can still be referenced by hand (enabled only gates what runs on its own: the
 * recurring schedule, whose runs it decides and records here, one per slot).
 */
@Aggregate
public class SavedRule {

    static final int MAX_NAME_LENGTH = 200;
    static final String DISABLED = "the rule is disabled";
    /**
     * A rule edited more often than this is better saved anew. With {@link #MAX_RULE_BYTES} it bounds what
     * loading one replays and keeps in memory: every version, at most 200 × 64 KB.
     */
    static final int MAX_VERSIONS = 200;
    /** A saved rule's rule, serialized as JSON; the largest the rules DSL allows is far bigger. */
    static final int MAX_RULE_BYTES = 64 * 1024;

    @AggregateIdentifier
    private SavedRuleId id;
    private TenantId tenantId;
    private boolean enabled;
    /** Every version, version {@code n} at index {@code n - 1}. */
    private final List<SavedRuleVersion> versions = new ArrayList<>();
    /** The recurring schedule's cron and draft name; null cron: no schedule. */
    private String cron;
    private String scheduleName;
    /** The last slot a scheduled run was recorded for, the change it drafted last, and the last skip's reason. */
    private Instant lastSlot;
    private PriceChangeId lastDraft;
    private String lastSkip;

    protected SavedRule() {
        // for Axon
    }

    @CommandHandler
    SavedRule(CreateSavedRule cmd, Clock clock) {
        apply(new SavedRuleCreated(cmd.id(), cmd.tenantId(), cmd.by(), name(cmd.name()), rule(cmd.rule()),
                clock.instant()));
    }

    @CommandHandler
    int handle(ReviseSavedRule cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        String name = name(cmd.name());
        JsonNode rule = rule(cmd.rule());
        int latest = versions.size();
        if (cmd.expectedVersion() != latest) {
            throw new StaleRuleVersion(id, cmd.expectedVersion(), latest);
        }
        if (latest >= MAX_VERSIONS) {
            throw new TooManyRuleVersions(id, MAX_VERSIONS);
        }
        apply(new SavedRuleRevised(id, tenantId, cmd.by(), latest + 1, name, rule, clock.instant()));
        return versions.size();
    }

    /** Enabling an enabled rule (or disabling a disabled one) changes nothing and records nothing. */
    @CommandHandler
    boolean handle(EnableSavedRule cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        if (!enabled) {
            apply(new SavedRuleEnabled(id, tenantId, cmd.by(), clock.instant()));
        }
        return enabled;
    }

    @CommandHandler
    boolean handle(DisableSavedRule cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        if (enabled) {
            apply(new SavedRuleDisabled(id, tenantId, cmd.by(), clock.instant()));
        }
        return enabled;
    }

    /** Setting the schedule it has already (same cron and name) records nothing. */
    @CommandHandler
    void handle(ScheduleSavedRule cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        if (!cmd.cron().equals(cron) || !Objects.equals(cmd.name(), scheduleName)) {
            apply(new SavedRuleScheduleSet(id, tenantId, cmd.by(), cmd.cron(), cmd.name(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(UnscheduleSavedRule cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        if (cron != null) {
            apply(new SavedRuleScheduleRemoved(id, tenantId, cmd.by(), clock.instant()));
        }
    }

    /**
     * Drafts nothing when the schedule was removed or replaced since the run was planned, or its slot was
     * already run. A disabled rule skips, recorded once until the reason changes, so an hourly schedule of a
     * disabled rule does not write an event every hour.
     */
    @CommandHandler
    ScheduledRunPlan handle(StartScheduledRun cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        ScheduledRunPlan nothing = new ScheduledRunPlan(cron, null, scheduleName, lastDraft);
        if (cron == null || !cron.equals(cmd.cron()) || (lastSlot != null && !cmd.slot().isAfter(lastSlot))) {
            return nothing;
        }
        if (!enabled) {
            if (!DISABLED.equals(lastSkip)) {
                apply(new SavedRuleScheduledRunSkipped(id, tenantId, cmd.slot(), DISABLED, clock.instant()));
            }
            return nothing;
        }
        return new ScheduledRunPlan(cron, versions.get(versions.size() - 1), scheduleName, lastDraft);
    }

    /** Null while the rule is enabled and scheduled; else why a retry of its draft's preview stops. */
    @CommandHandler
    String handle(CheckScheduledPreviewRetry cmd) {
        requireTenant(cmd.tenantId());
        if (!enabled) {
            return "the rule is disabled";
        }
        return cron == null ? "the rule has no schedule any more" : null;
    }

    /**
     * A skip for the reason the last run skipped for records nothing (the rule keeps the first slot of that
     * reason): an hourly schedule stuck behind a draft nobody looks at would otherwise add an event an hour.
     */
    @CommandHandler
    String handle(RecordScheduledRun cmd, Clock clock) {
        requireTenant(cmd.tenantId());
        if (lastSlot != null && !cmd.slot().isAfter(lastSlot)) {
            return cron;
        }
        if (cmd.drafted() != null) {
            apply(new SavedRuleScheduledRunDrafted(id, tenantId, cmd.slot(), cmd.drafted(), cmd.version(),
                    clock.instant()));
        } else if (!cmd.skipped().equals(lastSkip)) {
            apply(new SavedRuleScheduledRunSkipped(id, tenantId, cmd.slot(), cmd.skipped(), clock.instant()));
        }
        return cron;
    }

    @CommandHandler
    SavedRuleVersion handle(ResolveSavedRule cmd) {
        requireTenant(cmd.tenantId());
        if (cmd.version() == null) {
            return versions.get(versions.size() - 1);
        }
        if (cmd.version() < 1 || cmd.version() > versions.size()) {
            throw new SavedRuleNotFound.VersionNotFound(id, cmd.version());
        }
        return versions.get(cmd.version() - 1);
    }

    @EventSourcingHandler
    void on(SavedRuleCreated event) {
        id = event.id();
        tenantId = event.tenantId();
        versions.add(new SavedRuleVersion(event.id(), 1, event.name(), event.rule(), event.by()));
    }

    @EventSourcingHandler
    void on(SavedRuleRevised event) {
        versions.add(new SavedRuleVersion(event.id(), event.version(), event.name(), event.rule(),
                event.by()));
    }

    @EventSourcingHandler
    void on(SavedRuleEnabled event) {
        enabled = true;
    }

    @EventSourcingHandler
    void on(SavedRuleDisabled event) {
        enabled = false;
    }

    @EventSourcingHandler
    void on(SavedRuleScheduleSet event) {
        cron = event.cron();
        scheduleName = event.name();
    }

    @EventSourcingHandler
    void on(SavedRuleScheduleRemoved event) {
        cron = null;
        scheduleName = null;
    }

    @EventSourcingHandler
    void on(SavedRuleScheduledRunDrafted event) {
        lastSlot = event.slot();
        lastDraft = event.priceChange();
        lastSkip = null;
    }

    @EventSourcingHandler
    void on(SavedRuleScheduledRunSkipped event) {
        lastSlot = event.slot();
        lastSkip = event.reason();
    }

    /** Another tenant's rule reads as missing, never as forbidden. */
    private void requireTenant(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw new SavedRuleNotFound();
        }
    }

    private static JsonNode rule(JsonNode rule) {
        int bytes = rule.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_RULE_BYTES) {
            throw new InvalidInput("rule", "must be at most " + MAX_RULE_BYTES + " bytes as JSON, not " + bytes
                    + "; a saved rule keeps every version");
        }
        return rule;
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInput("name", "must not be blank");
        }
        String trimmed = name.trim();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw new InvalidInput("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return trimmed;
    }
}
