package dev.calibrate.query.competitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the competitor reads answer; money leaves as decimal strings at the currency's scale. */
public final class CompetitorReadApi {

    private CompetitorReadApi() {
    }

    /** Where our price stands among the fresh, in-stock competitor prices of the same product and currency. */
    public enum PricePosition { CHEAPEST, IN_BAND, MOST_EXPENSIVE, NO_DATA }

    /** A page of the tenant's competitors, by name. */
    public record CompetitorPage(List<CompetitorListing> items, int page, int size, long total) {
    }

    public record CompetitorListing(UUID id, String name, @Schema(example = "shop.example.com") String domain,
                                    Instant registeredAt) {
    }

    /** An amount in a currency, as a competitor offered it. */
    public record CompetitorAskingPrice(@Schema(example = "19.49") String amount,
                                        @Schema(example = "USD") String currency) {
    }

    /** A page of one competitor's observations, newest first. */
    public record CompetitorObservationPage(List<CompetitorObservation> items, int page, int size, long total) {
    }

    /** A price the competitor was seen asking, and when Calibrate recorded it (in which upload batch). */
    public record CompetitorObservation(UUID productId, String sku, CompetitorAskingPrice price, Instant observedAt,
                                        @Nullable String url, boolean inStock, UUID batchId, Instant recordedAt) {
    }

    /** The latest price of each competitor (per currency) for one product, as known at {@code asOf}. */
    public record ProductCompetitorPrices(UUID productId, long maxAgeHours, Instant asOf,
                                          List<ProductCompetitorPrice> items) {
    }

    /**
     * A competitor's latest price for the product: {@code fresh} when observed within maxAgeHours of asOf;
     * {@code competing} when also in stock, which is what pricing rules and the price position use.
     */
    public record ProductCompetitorPrice(UUID competitorId, String name, String domain, CompetitorAskingPrice price,
                                         Instant observedAt, long ageSeconds, boolean fresh, boolean inStock,
                                         boolean competing, @Nullable String url) {
    }

    /** A page of active products' price positions, and how many products (over every page) hold each position. */
    public record PricePositionPage(List<ProductPricePosition> items, int page, int size, long total,
                                    @Schema(example = "USD") String currency, long maxAgeHours, Instant asOf,
                                    PricePositionCounts summary) {
    }

    /**
     * Our price against the lowest, median and highest competing price (null with no competing price);
     * the price index is our price as a percentage of the median.
     */
    public record ProductPricePosition(UUID productId, String sku, String title, String currency, String ourPrice,
                                       @Nullable String lowest, @Nullable String median, @Nullable String highest,
                                       int competitors, @Nullable @Schema(example = "102.35") String priceIndex,
                                       PricePosition position) {
    }

    /** How many of the selected products hold each position. */
    public record PricePositionCounts(@JsonProperty("CHEAPEST") long cheapest,
                                      @JsonProperty("IN_BAND") long inBand,
                                      @JsonProperty("MOST_EXPENSIVE") long mostExpensive,
                                      @JsonProperty("NO_DATA") long noData) {
    }
}
