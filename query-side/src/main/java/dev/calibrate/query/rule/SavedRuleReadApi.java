package dev.calibrate.query.rule;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the saved rule reads answer. */
public final class SavedRuleReadApi {

    private SavedRuleReadApi() {
    }

    /** A saved rule as the list shows it: its latest version's name, without the rule. */
    public record SavedRuleSummary(UUID id, @Schema(example = "Summer tees minus 10 %") String name,
                                   @Schema(example = "2") int latestVersion, boolean enabled, String createdBy,
                                   Instant createdAt, String lastEditor, Instant updatedAt,
                                   @Nullable @Schema(description = "Who last enabled or disabled it.") String switchedBy,
                                   @Nullable Instant switchedAt) {
    }

    public record SavedRulePage(List<SavedRuleSummary> items, int page, int size, long total) {
    }

    /** A saved rule: its latest version, with the rule, and whether it is enabled. */
    public record SavedRuleDetail(SavedRuleSummary summary, SavedRuleVersionView latest) {
    }

    /** One version exactly as it was saved: the name and rule it had, who saved it and when. */
    public record SavedRuleVersionView(UUID id, @Schema(example = "2") int version,
                                       @Schema(example = "Summer tees minus 10 %") String name,
                                       @Schema(description = "The pricing rule, as the PricingRule JSON Schema "
                                               + "describes it.") JsonNode rule,
                                       String savedBy, Instant savedAt) {
    }

    /** Every version of a rule, oldest first, without their rules. */
    public record SavedRuleVersions(UUID id, List<SavedRuleVersionEntry> versions) {
    }

    public record SavedRuleVersionEntry(@Schema(example = "1") int version, String name, String savedBy,
                                        Instant savedAt) {
    }

    /**
     * The products whose price at {@code at} was set by a price change that used the version: the price in
     * effect then, and the change and instant that set it.
     */
    /** A page of products in product id order; {@code nextAfter} is the cursor of the next page, if any. */
    public record PricedByRuleVersion(UUID ruleId, int version, Instant at, List<PricedProduct> items,
                                      @Nullable String nextAfter) {
    }

    public record PricedProduct(UUID productId, @Nullable @Schema(example = "TS-1") String sku,
                                @Schema(example = "USD") String currency, @Schema(example = "17.00") String amount,
                                @Nullable @Schema(example = "20.00") String compareAt, UUID priceChangeId,
                                @Schema(description = "When the change's run set this price.") Instant pricedAt,
                                String eventId) {
    }
}
