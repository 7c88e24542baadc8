package dev.calibrate.command.rule.schedule;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import dev.calibrate.command.pricechange.Previews;
import dev.calibrate.command.pricechange.Previews.TooManyPreviews;
import dev.calibrate.command.rule.schedule.ScheduledPreviewRetries.PreviewRetry;
import dev.calibrate.command.pricechange.TenantPolicies;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.DraftPriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.FindPriceChangeState;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.rule.RuleRef;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.CheckScheduledPreviewRetry;
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
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * after a crash finds the change it drafted instead of drafting a second one. A preview refused because the
 * tenant already runs as many previews as it may is tried again later ({@link ScheduledPreviewRetries}).
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
    private final SchedulerClient scheduler;
    private final PreviewRetryPolicy retries;
    private final Clock clock;

    ScheduledRuns(CommandGateway commands, Previews previews, TenantPolicies policies, EventStore events,
                  @Lazy SchedulerClient scheduler, PreviewRetryPolicy retries, Clock clock) {
        this.commands = commands;
        this.previews = previews;
        this.policies = policies;
        this.events = events;
        this.scheduler = scheduler;
        this.retries = retries;
        this.clock = clock;
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
        } catch (TooManyPreviews busy) {
            retryLater(tenantId, ruleId, change, 1, busy);
        } catch (Rejection refused) {
            // the draft stays a DRAFT, in flight, for a person to preview; the next run skips until it is done with
            log.warn("The scheduled draft {} of saved rule {} was not previewed: {}", change, ruleId,
                    refused.getMessage());
        }
        return cronNow;
    }

    /**
     * Attempt {@code attempt} at previewing a scheduled draft refused for the tenant's preview limit: nothing to
     * do once the rule is disabled or unscheduled, or the draft is no longer a DRAFT (a person previewed it, or
     * it is gone on); the preview itself is refused by the draft if a person previews it meanwhile. Answers when to try again (null:
     * never, because it was previewed, refused otherwise, or tried as often as the policy allows). It never
     * throws: a failure that is no rejection (the store down, a bug) counts as an attempt, as a refusal for the
     * limit does, so the task is never left to db-scheduler's default of retrying every 5 minutes forever.
     */
    Instant retryPreview(TenantId tenantId, SavedRuleId ruleId, PriceChangeId draft, int attempt) {
        try {
            String stop = commands.sendAndWait(new CheckScheduledPreviewRetry(ruleId, tenantId));
            if (stop != null) {
                log.info("The scheduled draft {} of saved rule {} is not previewed again: {}", draft, ruleId, stop);
                return null;
            }
            if (commands.sendAndWait(new FindPriceChangeState(draft, tenantId)) != PriceChangeState.DRAFT) {
                return null;
            }
            previews.previewDraft(draft, tenantId, Actor.SYSTEM);
            log.info("The scheduled draft {} of saved rule {} was previewed at retry {}", draft, ruleId, attempt);
            return null;
        } catch (TooManyPreviews busy) {
            return nextAttempt(ruleId, draft, attempt, busy.getMessage());
        } catch (Rejection refused) {
            log.warn("The scheduled draft {} of saved rule {} was not previewed at retry {}: {}", draft, ruleId,
                    attempt, refused.getMessage());
            return null;
        } catch (RuntimeException failed) {
            log.error("The scheduled draft {} of saved rule {} failed to preview at retry {}", draft, ruleId, attempt,
                    failed);
            return nextAttempt(ruleId, draft, attempt, failed.toString());
        }
    }

    private Instant nextAttempt(SavedRuleId ruleId, PriceChangeId draft, int attempt, String reason) {
        if (attempt >= retries.attempts()) {
            giveUp(ruleId, draft, reason);
            return null;
        }
        return clock.instant().plus(retries.interval());
    }

    /** Plans the first retry; the draft's id is the execution's, so a run repeated for the slot plans no second. */
    private void retryLater(TenantId tenantId, SavedRuleId ruleId, PriceChangeId draft, int attempt,
                            TooManyPreviews busy) {
        if (retries.attempts() < attempt) {
            giveUp(ruleId, draft, busy.getMessage());
            return;
        }
        boolean planned = scheduler.scheduleIfNotExists(ScheduledPreviewRetries.TASK.instance(draft.toString())
                .data(new PreviewRetry(tenantId.toString(), ruleId.toString(), attempt))
                .scheduledTo(clock.instant().plus(retries.interval())));
        log.info("The scheduled draft {} of saved rule {} was not previewed ({}); {}", draft, ruleId,
                busy.getMessage(), planned ? "trying again in " + retries.interval() : "a retry is planned already");
    }

    /** As before retries existed: the draft stays a DRAFT, in flight, for a person to preview. */
    private void giveUp(SavedRuleId ruleId, PriceChangeId draft, String reason) {
        log.warn("The scheduled draft {} of saved rule {} is left a DRAFT for a person to preview: not previewed "
                + "in {} attempt(s), the last for: {}", draft, ruleId, retries.attempts() + 1, reason);
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
