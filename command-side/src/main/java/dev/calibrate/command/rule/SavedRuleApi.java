package dev.calibrate.command.rule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** The bodies the saved rule write endpoints take and answer; requests are checked against their JSON Schemas first. */
public final class SavedRuleApi {

    private SavedRuleApi() {
    }

    /** A new saved rule: its name and the rule, as a price change embeds it (PricingRule). */
    @RequestSchema("SavedRuleCreate")
    public record SavedRuleCreate(@Schema(example = "Summer tees minus 10 %") String name, JsonNode rule) {
    }

    /**
     * A new version of a saved rule, made from {@code expectedVersion}: the latest one the editor read.
     * If someone saved a newer one since, the edit is refused (409) naming the current version.
     */
    @RequestSchema("SavedRuleRevision")
    public record SavedRuleRevision(@Schema(example = "Summer tees minus 12 %") String name, JsonNode rule,
                                    @Schema(example = "1") int expectedVersion) {
    }

    /** The rule's version after a write. */
    public record SavedRuleWritten(@Schema(example = "6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b") String id,
                                   @Schema(example = "2") int version) {
    }

    /** Whether the rule is enabled after enabling or disabling it. */
    public record SavedRuleSwitched(@Schema(example = "6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b") String id,
                                    boolean enabled) {
    }
}
