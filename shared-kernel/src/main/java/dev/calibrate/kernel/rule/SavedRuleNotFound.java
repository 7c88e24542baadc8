package dev.calibrate.kernel.rule;

import dev.calibrate.kernel.error.NotFound;

/** No such saved rule for this tenant; another tenant's rule reads the same. */
public class SavedRuleNotFound extends NotFound {
    public SavedRuleNotFound() {
        super("saved rule");
    }

    protected SavedRuleNotFound(String what) {
        super(what);
    }

    /** The rule exists but has no such version. */
    public static class VersionNotFound extends SavedRuleNotFound {
        public VersionNotFound(SavedRuleId id, int version) {
            super("version " + version + " of saved rule " + id);
        }
    }
}
