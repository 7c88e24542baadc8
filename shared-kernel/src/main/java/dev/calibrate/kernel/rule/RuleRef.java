package dev.calibrate.kernel.rule;

import dev.calibrate.kernel.tenant.Actor;

/**
 * The version of a saved rule a price change took its rule from, and who saved that version: the
 * version's author shaped the change's rule, so for four eyes they count as one of its authors.
 */
public record RuleRef(SavedRuleId id, int version, Actor savedBy) {
}
