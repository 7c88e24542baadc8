package dev.calibrate.command.rule.schedule;

import dev.calibrate.command.pricechange.Previews;
import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FindPriceChangeState;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.rule.RuleRef;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.RecordScheduledRun;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleVersion;
import dev.calibrate.kernel.rule.SavedRuleMessages.ScheduledRunPlan;
import dev.calibrate.kernel.rule.SavedRuleMessages.StartScheduledRun;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * One run of a saved rule's schedule, for one slot: the rule decides whether it drafts (enabled, schedule
 * unchanged, slot not run yet); a previous scheduled draft still in flight makes it skip; otherwise it drafts
 * a price change from the rule's latest version and previews it, where it waits for people: it is never
 * submitted, approved or applied here. The change's id is made from the rule and the slot, so a run repeated
 * after a crash finds the change it drafted instead of drafting a second one.
 */
@Component
public class ScheduledRuns {

    private static final Logger log = LoggerFactory.getLogger(ScheduledRuns.class);
    /** A price change's name is at most this long; the slot's suffix comes out of it. */
    private static final int MAX_NAME_LENGTH = 200;
    private static final Set<PriceChangeState> WAITING_FOR_PEOPLE = EnumSet.of(PriceChangeState.DRAFT,
            PriceChangeState.PREVIEWED, PriceChangeState.SUBMITTED);
    private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final CommandGateway commands;
    private final Previews previews;
    private final TenantPolicies policies;
    private final EventStore events;

    ScheduledRuns(CommandGateway commands, Previews previews, TenantPolicies policies, EventStore events) {
        this.commands = commands;
        this.previews = previews;
        this.policies = policies;
        this.events = events;
    }

    /**
     * Runs the slot; answers the rule's schedule as it is once the run is recorded (null: it has none), to plan
     * the next run with: a schedule replaced while the run went on is the one the next run follows.
     */
    String run(TenantId tenantId, SavedRuleId ruleId, String cron, Instant slot) {
        ScheduledRunPlan plan = commands.sendAndWait(new StartScheduledRun(ruleId, tenantId, cron, slot));
        if (plan.draftFrom() == null) {
            return plan.cron();
        }
        PriceChangeState previous = inFlight(tenantId, plan.previousDraft());
        if (previous != null) {
            return commands.sendAndWait(new RecordScheduledRun(ruleId, tenantId, slot, null, 0,
                    "the previous scheduled draft " + plan.previousDraft() + " is still " + previous
                            + "; a rule has one in flight at a time"));
        }
        PriceChangeId change = draftId(ruleId, slot);
        SavedRuleVersion version = plan.draftFrom();
        if (!events.readEvents(change.toString()).hasNext()) {
            String name = draftName(plan.scheduleName() != null ? plan.scheduleName() : version.name(), slot,
                    policies.timeZone(tenantId));
            commands.sendAndWait(new DraftPriceChange(change, tenantId, Actor.SYSTEM, new Definition(name,
                    version.rule(), null, null, "Drafted by the schedule of saved rule " + ruleId + " (cron " + cron
                    + ") for " + slot + "; whoever saved version " + version.version() + " counts as its author.",
                    new RuleRef(version.id(), version.version(), version.savedBy()))));
        }
        // recorded before the preview: a run that fails from here on leaves this draft in flight, which makes
        // the next runs skip, instead of a skip that lets every next slot draft another change
        String cronNow = commands.sendAndWait(new RecordScheduledRun(ruleId, tenantId, slot, change,
                version.version(), null));
        try {
            previews.preview(change, tenantId, Actor.SYSTEM);
        } catch (Rejection refused) {
            // the draft stays a DRAFT, in flight, for a person to preview; the next run skips until it is done with
            log.warn("The scheduled draft {} of saved rule {} was not previewed: {}", change, ruleId,
                    refused.getMessage());
        }
        return cronNow;
    }

    /**
     * Records a run that failed before it drafted, so the rule shows why it drafted nothing; the next slot runs
     * as usual. A run that failed after drafting has recorded its draft already, and the rule ignores this.
     * Answers the rule's schedule now, as {@link #run} does.
     */
    String failed(TenantId tenantId, SavedRuleId ruleId, Instant slot, RuntimeException failure) {
        String reason = failure instanceof Rejection refused ? refused.getMessage()
                : "internal failure (" + failure.getClass().getSimpleName() + "); the server log has the details";
        return commands.sendAndWait(new RecordScheduledRun(ruleId, tenantId, slot, null, 0, "the run failed: " + reason));
    }

    /**
     * {@code base (scheduled run of 2026-12-07 02:30 Europe/Berlin)}, within a price change's 200 characters:
     * the suffix is kept whole (a zone id is up to 30 characters) and the base is cut to what is left, ending in
     * "…", never between the two halves of a character outside the BMP.
     */
    static String draftName(String base, Instant slot, ZoneId zone) {
        String suffix = " (scheduled run of " + SLOT.format(slot.atZone(zone)) + " " + zone.getId() + ")";
        int budget = MAX_NAME_LENGTH - suffix.length();
        if (base.length() <= budget) {
            return base + suffix;
        }
        int end = budget - 1;
        if (Character.isLowSurrogate(base.charAt(end)) && Character.isHighSurrogate(base.charAt(end - 1))) {
            end--;
        }
        return base.substring(0, end) + "…" + suffix;
    }

    /** The change the run of {@code slot} drafts: the same id however often the slot is run. */
    public static PriceChangeId draftId(SavedRuleId ruleId, Instant slot) {
        return new PriceChangeId(UUID.nameUUIDFromBytes(("scheduled-draft:" + ruleId + ":" + slot)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The state of the previous draft while it waits for people (DRAFT, PREVIEWED, SUBMITTED); null once it is
     * anything else, so a state added later never holds a schedule up unless it is added here. The aggregate
     * answers, not a read model that may not have caught up.
     */
    private PriceChangeState inFlight(TenantId tenantId, PriceChangeId previous) {
        if (previous == null) {
            return null;
        }
        PriceChangeState state = commands.sendAndWait(new FindPriceChangeState(previous, tenantId));
        return WAITING_FOR_PEOPLE.contains(state) ? state : null;
    }
}
