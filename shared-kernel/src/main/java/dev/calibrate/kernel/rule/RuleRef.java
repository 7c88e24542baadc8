package dev.calibrate.kernel.rule;

/** The version of a saved rule a price change took its rule from. */
public record RuleRef(SavedRuleId id, int version) {
}
