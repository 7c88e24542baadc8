package dev.calibrate.command.simulation;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.schemas.RequestSchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.math.BigDecimal;
import java.util.List;

/** The bodies the simulation endpoints take and answer; the request is checked against its JSON Schema first. */
public final class SimulationApi {

    private SimulationApi() {
    }

    @RequestSchema("RuleSimulationRequest")
    public record RuleSimulationRequest(@Nullable @Schema(example = "3") Integer version,
                                        @Schema(example = "2026-11-01") String from,
                                        @Schema(example = "2026-11-30") String to) {
    }

    @Schema(description = "A simulation started: poll its location for progress and, once DONE, its days.")
    public record SimulationStarted(@Schema(example = "0b9f3c1e-6d2a-4c8e-9f1a-2b3c4d5e6f70") String id,
                                    @Schema(example = "6a0c1f7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b") String ruleId,
                                    @Schema(example = "3") int version,
                                    @Schema(example = "30") int days) {
    }

    @Schema(description = "Where a price stood among the competitors' fresh prices, counted over the day's active "
            + "products with a price in the rule's currency (as GET /api/v1/analytics/price-position defines it).")
    public record PositionCounts(@Schema(example = "12") int cheapest, @Schema(example = "40") int inBand,
                                 @Schema(example = "8") int mostExpensive, @Schema(example = "3") int noData) {
    }

    @Schema(description = "One simulated day, evaluated as of its end (or as of the request, for today).")
    public record SimulationDay(@Schema(example = "2026-11-02") String date,
                                @Schema(example = "2026-11-02T23:59:59.999999Z") String evaluatedAt,
                                @Schema(description = "Active products with a price in the rule's currency that day")
                                int products,
                                @Schema(description = "Products the rule's selector picked (priced by the rule)")
                                int priced,
                                @Schema(description = "Of them, how many the rule would have changed") int changes,
                                @Schema(description = "Of them, how many a guardrail or floor would have blocked")
                                int blocked,
                                @Nullable @Schema(description = "Mean change of the changed items, in percent; null "
                                        + "when none", example = "-4.35") BigDecimal averageChangePercent,
                                PositionCounts positionBefore, PositionCounts positionAfter) {
    }

    @Schema(description = "A simulation: its state, its progress and, as they are done, its days.")
    public record SimulationView(@Schema(example = "0b9f3c1e-6d2a-4c8e-9f1a-2b3c4d5e6f70") String id,
                                 String ruleId, int version, @Schema(example = "USD") String currency,
                                 @Schema(example = "2026-11-01") String from, @Schema(example = "2026-11-30") String to,
                                 @Schema(example = "Europe/Berlin") String timeZone,
                                 @Schema(description = "What of the catalog each day took as it was then: each-day "
                                         + "(prices, compare-at, details such as cost and tags, active flag and brand "
                                         + "floors) or prices-only (prices and compare-at; every product's other "
                                         + "fields as they are now: under the axonserver profile). Competitor prices "
                                         + "and the tenant's policy are as of each day either way.",
                                         allowableValues = {"each-day", "prices-only"}) String catalogAsOf,
                                 @Schema(allowableValues = {"RUNNING", "DONE", "FAILED", "STOPPED"}) String state,
                                 @Nullable @Schema(description = "Why it was stopped or failed; null otherwise") String reason,
                                 @Schema(example = "12") int daysDone, @Schema(example = "30") int daysTotal,
                                 String requestedBy, String startedAt,
                                 @Nullable @Schema(description = "Null while running") String finishedAt,
                                 @Schema(description = "The days done so far, oldest first") List<SimulationDay> days) {
    }

    @Schema(description = "An item the rule selected that day: the product's price then and what the rule "
            + "would have proposed.")
    public record SimulationItem(String productId, @Schema(example = "TEE-RED-M") String sku, Money priceThen,
                                 @Nullable @Schema(description = "Null when the item was skipped") Money proposedPrice,
                                 @Schema(allowableValues = {"CHANGE", "NO_CHANGE", "BLOCKED", "SKIPPED"}) String status,
                                 List<String> reasons,
                                 @Nullable @Schema(description = "The lowest fresh in-stock competitor price that "
                                         + "day; null when none") Money competitorLowest) {
    }

    @Schema(description = "A page of a day's items in SKU order; nextAfter, when present, fetches the next page.")
    public record SimulationItemPage(List<SimulationItem> items, @Nullable String nextAfter) {
    }
}
