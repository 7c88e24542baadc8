package dev.calibrate.command.rule;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.rule.SavedRuleId;

import java.util.Map;

/**
 * An edit made from another version than the latest: someone saved a newer one since the editor read
 * it. The problem body names the {@code currentVersion}, to read again and edit from.
 */
final class StaleRuleVersion extends Rejection {

    private final int currentVersion;

    StaleRuleVersion(SavedRuleId id, int expected, int current) {
        super("saved rule " + id + " is at version " + current + ", not " + expected
                + "; read it again and edit the latest version");
        this.currentVersion = current;
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }

    @Override
    public Map<String, Object> problemProperties() {
        return Map.of("currentVersion", currentVersion);
    }
}
