package dev.calibrate.command.pricechange.approval;

import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;

import java.util.ArrayList;
import java.util.List;

/**
 * The approvals a submitted change has gathered, and what one more makes of it when the change passed
 * an approval threshold of the policy in force: by default ({@code admin_or_two_approvers}) an admin's
 * approval is enough and anyone else's is the first of two; with {@code requires: admin} only an admin's
 * approval counts; with {@code two_approvers} every approval is one of two, an admin's too.
 * Over a threshold the author never approves, whatever the self-approval policy says. A change under
 * every threshold needs one approver, as always. Whoever shaped the change counts as its author: the
 * person who drafted it, anyone who edited its rule, whoever saved the saved rule version it took its rule
 * from, anyone who excluded or overrode its items. None of them approves prices nobody else has looked at.
 */
public final class Approvals {

    /** What an approval does: approve the change, or count as the first of two. */
    public enum Outcome { APPROVED, FIRST_OF_TWO }

    private final List<Actor> authors = new ArrayList<>();
    /** Who saved the rule version of a change a saved rule's schedule drafted: they never approve it. */
    private final List<Actor> scheduledRuleSavers = new ArrayList<>();
    private Actor firstApprover;

    /** The change was drafted, or its rule or items edited, by {@code actor}. */
    public void shapedBy(Actor actor) {
        if (authors.stream().noneMatch(actor::samePersonAs)) {
            authors.add(actor);
        }
    }

    /**
     * The change was drafted by a saved rule's schedule from a version {@code saver} saved: nobody else looked at
     * those prices before the schedule drafted them, so {@code saver} is an author the self-approval policy does
     * not let approve (the "approval stays two-person").
     */
    public void scheduledFromRuleSavedBy(Actor saver) {
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

    public void firstApproved(Actor approver) {
        firstApprover = approver;
    }

    /** A new preview starts the approvals over; its authors stay its authors. */
    public void reset() {
        firstApprover = null;
    }
}
