package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.connectors.amazon.catalog.ListingPrices.Compared;
import dev.calibrate.connectors.amazon.catalog.ListingPrices.ComparedOffer;
import dev.calibrate.kernel.money.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listings endpoint's bodies: linked listings with Amazon's offers beside Calibrate's prices.
 */
public final class AmazonListingApi {

    private AmazonListingApi() {
    }

    /** An amount of money as a decimal string, e.g. {@code "19.99"}, never a JSON number. */
    public record AmazonPrice(@Schema(example = "19.99") String amount, @Schema(example = "USD") String currency) {

        static AmazonPrice of(Money money) {
            return new AmazonPrice(money.amount().toPlainString(), money.currency());
        }
    }

    /** Amazon's offer in one marketplace beside Calibrate's price in its currency. */
    public record AmazonListingOffer(
            String marketplaceId,
            AmazonPrice price,
            @Nullable @Schema(description = "absent when Calibrate has no price in the offer's currency")
            AmazonPrice calibratePrice,
            boolean differs) {

        static AmazonListingOffer of(ComparedOffer offer) {
            return new AmazonListingOffer(offer.offer().marketplaceId(), AmazonPrice.of(offer.offer().price()),
                    offer.calibratePrice() == null ? null : AmazonPrice.of(offer.calibratePrice()), offer.differs());
        }
    }

    /** A linked listing with Amazon's offers as the last sync saw them and Calibrate's prices. */
    public record AmazonListing(
            String sku,
            String productId,
            @Nullable String asin,
            @Nullable String marketplaceId,
            @Nullable String title,
            @Nullable String brand,
            List<AmazonListingOffer> offers,
            @Schema(description = "Calibrate's current price per currency of the offers")
            Map<String, AmazonPrice> calibratePrices,
            boolean differs,
            @Nullable @Schema(description = "what the merchant has to change in Seller Central, when the prices differ")
            String note,
            @Nullable @Schema(description = "when a sync last read the offers") Instant seenAt) {

        static AmazonListing of(Compared compared) {
            AmazonListings.Listing listing = compared.listing();
            Map<String, AmazonPrice> calibratePrices = new LinkedHashMap<>();
            compared.calibratePrices().forEach((currency, price) -> calibratePrices.put(currency, AmazonPrice.of(price)));
            return new AmazonListing(listing.sku(), listing.productId().toString(), listing.asin(),
                    listing.marketplaceId(), listing.title(), listing.brand(),
                    compared.offers().stream().map(AmazonListingOffer::of).toList(), calibratePrices,
                    compared.differs(), compared.note(), listing.seenAt());
        }
    }

    public record AmazonListingPage(List<AmazonListing> items, int page, int size, long total,
                                    @Schema(description = "always true: differing prices are changed by hand")
                                    boolean readOnly) {
    }
}
