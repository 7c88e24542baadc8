package dev.calibrate.query.priorprice;

import dev.calibrate.kernel.money.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/** What GET /api/v1/reports/prior-prices answers. */
public final class PriorPriceReportApi {

    private PriorPriceReportApi() {
    }

    /** What is wrong with a product's announced reduction. */
    public enum Violation {
        /** The compare-at shown is above the prior price: the reduction is overstated. */
        COMPARE_AT_ABOVE_PRIOR_PRICE,
        /** The percentage the compare-at implies is not the one computed from the prior price. */
        REDUCTION_PERCENT_WRONG,
        /** The price is not below the prior price: no reduction may be announced. */
        NO_GENUINE_REDUCTION,
        /** No price was in effect in the window before the announcement: nothing to announce from. */
        NO_PRIOR_PRICE
    }

    /**
     * A product showing a compare-at at {@code at}: its price, the compare-at, since when the reduction
     * is announced (the campaign's start when the rule is progressive), the prior price at that moment
     * and the reduction the compare-at implies against the one computed from the prior price.
     */
    public record PriorPriceReportItem(
            String productId, String sku, Money price, Money compareAt, Instant announcedSince,
            @Nullable Money priorPrice, @Nullable Instant windowStart,
            @Nullable @Schema(description = "Set when the product's history is shorter than the window") Instant historySince,
            @Schema(example = "20.00") String advertisedReductionPercent,
            @Nullable @Schema(example = "20.00") String reductionPercentFromPriorPrice,
            List<Violation> violations) {
    }

    /** A page of the report, in product id order; {@code nextAfter} is the cursor of the next page, if any. */
    public record PriorPriceReport(
            @Schema(example = "EUR") String currency, Instant at,
            @Schema(description = "Whether the tenant's prior-price rule is on for this currency") boolean ruleApplies,
            int windowDays, boolean progressive, @Schema(example = "Europe/Berlin") String timeZone,
            int violating, List<PriorPriceReportItem> items, @Nullable String nextAfter) {
    }
}
