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

    /**
     * A saved rule: its latest version, with the rule, and whether it is enabled; its recurring schedule (null:
     * none) and the last scheduled run (null: none yet).
     */
    public record SavedRuleDetail(SavedRuleSummary summary, SavedRuleVersionView latest,
                                  @Nullable SavedRuleSchedule schedule, @Nullable ScheduledRun lastRun) {
    }

    /**
     * The recurring schedule: the cron (six fields, seconds first) read in {@code timeZone}, who set it, and
     * its next run in UTC and in the tenant's zone (null when none is planned: it runs no more, or the run is
     * going on right now).
     */
    public record SavedRuleSchedule(@Schema(example = "0 30 2 * * 1-5") String cron,
                                    @Nullable @Schema(example = "Nightly repricing") String name,
                                    String scheduledBy, Instant scheduledAt,
                                    @Schema(example = "Europe/Berlin") String timeZone,
                                    @Nullable @Schema(example = "2026-12-07T01:30:00Z") Instant nextRunAt,
                                    @Nullable @Schema(example = "2026-12-07T02:30+01:00[Europe/Berlin]")
                                    String nextRunLocal) {
    }

    /** A scheduled run: its slot, and the price change it drafted or why it drafted nothing (one of the two). */
    public record ScheduledRun(@Schema(example = "2026-12-06T01:30:00Z") Instant slot,
                               @Nullable UUID priceChangeId,
                               @Nullable @Schema(example = "the rule is disabled") String skipped,
                               Instant at) {
    }

    /**
     * A page of a schedule's runs, newest slot first: pass {@code nextBefore} as {@code before} for older ones
     * (null on the last page).
     */
    public record ScheduledRunPage(List<ScheduledRun> items,
                                   @Nullable @Schema(example = "2026-12-05T01:30:00Z") Instant nextBefore) {
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
