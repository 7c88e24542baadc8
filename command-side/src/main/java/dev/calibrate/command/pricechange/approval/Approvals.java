package dev.calibrate.command.pricechange.approval;

import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeFirstApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The approvals a submitted change has gathered, and what one more makes of it when the change passed
 * an approval threshold of the policy in force: by default ({@code admin_or_two_approvers}) an admin's
 * approval is enough and anyone else's is the first of two; with {@code requires: admin} only an admin's
 * approval counts; with {@code two_approvers} every approval is one of two, an admin's too.
 * Over a threshold the author never approves, whatever the self-approval policy says. A change under
 * every threshold needs one approver, as always. Whoever shaped the change counts as its author: the
 * person who drafted it, anyone who edited its rule, whoever saved the saved rule version it took its rule
 * from, anyone who excluded or overrode its items. None of them approves prices nobody else has looked at.
 * An {@code @AggregateMember} of the {@code PriceChange} aggregate: the change's events tell it who shaped
 * the change and how far its preview moves prices.
 */
public final class Approvals {

    /** What an approval does: approve the change, or count as the first of two. */
    public enum Outcome { APPROVED, FIRST_OF_TWO }

    private final List<Actor> authors = new ArrayList<>();
    /** Who saved the rule version of a change a saved rule's schedule drafted: they never approve it. */
    private final List<Actor> scheduledRuleSavers = new ArrayList<>();
    private Actor firstApprover;
    /** How far the previewed change moves prices, for the approval thresholds; null before thresholds existed. */
    private ChangeSize size;
    /** Drafted by the system from a saved rule version: a saved rule's schedule drafted it (nothing else does). */
    private boolean draftedBySchedule;

    /** What {@code thresholds} ask of an approval beyond one approver, for how far the preview moves prices. */
    public Optional<ApprovalNeed> need(ApprovalThresholds thresholds) {
        return size == null ? Optional.empty() : thresholds.assess(size);
    }

    /** The change was drafted, or its rule or items edited, by {@code actor}. */
    private void shapedBy(Actor actor) {
        if (authors.stream().noneMatch(actor::samePersonAs)) {
            authors.add(actor);
        }
    }

    /**
     * The change was drafted by a saved rule's schedule from a version {@code saver} saved: nobody else looked at
     * those prices before the schedule drafted them, so {@code saver} is an author the self-approval policy does
     * not let approve (the "approval stays two-person").
     */
    private void scheduledFromRuleSavedBy(Actor saver) {
        shapedBy(saver);
        if (scheduledRuleSavers.stream().noneMatch(saver::samePersonAs)) {
            scheduledRuleSavers.add(saver);
        }
    }

    /** Whether {@code approver} saved the rule version a schedule drafted the change from. */
    public boolean bySavedRuleOfSchedule(Actor approver) {
        return scheduledRuleSavers.stream().anyMatch(approver::samePersonAs);
    }

    /** Whether {@code approver} is a person who drafted or edited the change: an approval by them is a self-approval. */
    public boolean byAnAuthor(Actor approver) {
        return authors.stream().anyMatch(approver::samePersonAs);
    }

    /** Throws {@link ApprovalRefused} for an approval {@code need} does not take. */
    public Outcome decide(Object changeId, ApprovalNeed need, Actor approver, boolean approverIsAdmin) {
        if (byAnAuthor(approver)) {
            throw ApprovalRefused.author(changeId, need);
        }
        return switch (need.requires()) {
            case ADMIN_OR_TWO_APPROVERS -> {
                if (approverIsAdmin) {
                    yield Outcome.APPROVED;
                }
                yield secondOfTwo(changeId, need, approver);
            }
            case ADMIN -> {
                if (!approverIsAdmin) {
                    throw ApprovalRefused.notAdmin(changeId, need);
                }
                yield Outcome.APPROVED;
            }
            case TWO_APPROVERS -> secondOfTwo(changeId, need, approver);
        };
    }

    private Outcome secondOfTwo(Object changeId, ApprovalNeed need, Actor approver) {
        if (firstApprover == null) {
            return Outcome.FIRST_OF_TWO;
        }
        if (approver.samePersonAs(firstApprover)) {
            throw ApprovalRefused.sameApproverTwice(changeId, need);
        }
        return Outcome.APPROVED;
    }

    @EventSourcingHandler
    void on(PriceChangeDrafted event) {
        shapedBy(event.author());
        draftedBySchedule = Actor.SYSTEM.equals(event.author()) && event.definition().ruleRef() != null;
        ruleShapedBy(event.definition());
    }

    @EventSourcingHandler
    void on(PriceChangeEdited event) {
        shapedBy(event.editor());
        ruleShapedBy(event.definition());
    }

    /** A new preview starts the approvals over; its authors stay its authors. */
    @EventSourcingHandler
    void on(PriceChangePreviewed event) {
        size = event.size();
        firstApprover = null;
    }

    /** Edited items are a new preview too, and whoever edited them an author. */
    @EventSourcingHandler
    void on(PriceChangePreviewEdited event) {
        shapedBy(event.by());
        size = event.size();
        firstApprover = null;
    }

    @EventSourcingHandler
    void on(PriceChangeFirstApproved event) {
        firstApprover = event.approver();
    }

    /**
     * Whoever saved the rule version a change took its rule from wrote that rule: an author too; of a change a
     * schedule drafted, one who never approves it.
     */
    private void ruleShapedBy(Definition definition) {
        if (definition.ruleRef() != null && definition.ruleRef().savedBy() != null) {
            if (draftedBySchedule) {
                scheduledFromRuleSavedBy(definition.ruleRef().savedBy());
            } else {
                shapedBy(definition.ruleRef().savedBy());
            }
        }
    }
}
