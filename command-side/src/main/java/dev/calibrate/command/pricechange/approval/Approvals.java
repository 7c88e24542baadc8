package dev.calibrate.command.pricechange.approval;

import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;

/**
 * The approvals a submitted change has gathered, and what one more makes of it when the change passed
 * an approval threshold of the policy in force: with {@code requires: admin} an admin's approval is
 * enough; with {@code two_approvers} the first approval only waits for a second from another person.
 * Over a threshold the author never approves, whatever the self-approval policy says. A change under
 * every threshold is none of this class's business: one approver is enough, as always.
 */
public final class Approvals {

    /** What an approval does: approve the change, or count as the first of two. */
    public enum Outcome { APPROVED, FIRST_OF_TWO }

    private Actor firstApprover;

    /** Throws {@link ApprovalRefused} for an approval {@code need} does not take. */
    public Outcome decide(Object changeId, ApprovalNeed need, Actor author, Actor approver, boolean approverIsAdmin) {
        if (approver.samePersonAs(author)) {
            throw ApprovalRefused.author(changeId, need);
        }
        return switch (need.requires()) {
            case ADMIN -> {
                if (!approverIsAdmin) {
                    throw ApprovalRefused.notAdmin(changeId, need);
                }
                yield Outcome.APPROVED;
            }
            case TWO_APPROVERS -> {
                if (firstApprover == null) {
                    yield Outcome.FIRST_OF_TWO;
                }
                if (approver.samePersonAs(firstApprover)) {
                    throw ApprovalRefused.sameApproverTwice(changeId, need);
                }
                yield Outcome.APPROVED;
            }
        };
    }

    public void firstApproved(Actor approver) {
        firstApprover = approver;
    }

    /** A new preview starts the approvals over. */
    public void reset() {
        firstApprover = null;
    }
}
