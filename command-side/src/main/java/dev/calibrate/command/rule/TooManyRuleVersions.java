package dev.calibrate.command.rule;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.rule.SavedRuleId;

/**
 * A revision of a rule that has as many versions as one may have: the request is fine, the rule's
 * state refuses it (a 409), and saving the rule anew is the way on.
 */
final class TooManyRuleVersions extends Rejection {

    TooManyRuleVersions(SavedRuleId id, int max) {
        super("saved rule " + id + " has " + max + " versions, the most one may have; save the rule anew");
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
