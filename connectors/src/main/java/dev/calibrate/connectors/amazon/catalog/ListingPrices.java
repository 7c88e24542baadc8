package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.connectors.amazon.catalog.AmazonListings.Listing;
import dev.calibrate.connectors.amazon.catalog.AmazonListings.Offer;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a listing's Amazon offers with Calibrate's current prices. Calibrate never writes to Amazon,
 * so after a price change the two differ until the merchant updates the listing in Seller Central: an
 * offer differs when Calibrate has a price in the offer's currency and it is not the offer's price. An
 * offer in a currency Calibrate has no price in (or of a product not active in Calibrate) does not
 * differ: there is nothing to carry over. Pure.
 */
final class ListingPrices {

    static final String READ_ONLY_HINT = "update it in Seller Central (Calibrate is read-only on Amazon)";

    private ListingPrices() {
    }

    /** One offer beside Calibrate's price in its currency (null when Calibrate has none). */
    record ComparedOffer(Offer offer, Money calibratePrice, boolean differs) {
    }

    record Compared(Listing listing, List<ComparedOffer> offers, Map<String, Money> calibratePrices) {

        boolean differs() {
            return offers.stream().anyMatch(ComparedOffer::differs);
        }

        /** What the merchant has to do, or null when Amazon shows Calibrate's prices. */
        String note() {
            List<String> missing = offers.stream().filter(ComparedOffer::differs)
                    .map(o -> text(o.calibratePrice())).distinct().toList();
            if (missing.isEmpty()) {
                return null;
            }
            return missing.size() == 1
                    ? "Calibrate's price " + missing.get(0) + " is not on Amazon: " + READ_ONLY_HINT
                    : "Calibrate's prices " + String.join(" and ", missing) + " are not on Amazon: " + READ_ONLY_HINT;
        }
    }

    /** {@code product} is the listing's product in Calibrate's catalog snapshot, null when it is not there. */
    static Compared compare(Listing listing, CatalogItem product) {
        List<ComparedOffer> offers = new ArrayList<>();
        Map<String, Money> calibratePrices = new LinkedHashMap<>();
        for (Offer offer : listing.offers()) {
            Money calibrate = product == null ? null : product.price(offer.price().currency()).orElse(null);
            if (calibrate != null) {
                calibratePrices.put(calibrate.currency(), calibrate);
            }
            offers.add(new ComparedOffer(offer, calibrate,
                    calibrate != null && calibrate.amount().compareTo(offer.price().amount()) != 0));
        }
        return new Compared(listing, offers, calibratePrices);
    }

    static String text(Money money) {
        return money.amount().toPlainString() + " " + money.currency();
    }
}
