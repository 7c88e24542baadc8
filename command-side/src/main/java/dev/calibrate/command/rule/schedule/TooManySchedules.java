package dev.calibrate.command.rule.schedule;

import dev.calibrate.kernel.error.Rejection;

/** The tenant has as many scheduled rules as it may: remove a schedule first (a 409). */
final class TooManySchedules extends Rejection {

    TooManySchedules(int max) {
        super("this tenant has " + max + " scheduled rules, the most it may; remove a schedule first");
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
