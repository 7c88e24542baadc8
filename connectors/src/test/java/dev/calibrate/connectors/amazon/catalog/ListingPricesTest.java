package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.connectors.amazon.catalog.AmazonListings.Listing;
import dev.calibrate.connectors.amazon.catalog.AmazonListings.Offer;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ListingPricesTest {

    private static final ProductId MUG = new ProductId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    private static final String US = "ATVPDKIKX0DER";
    private static final String CA = "A2EUQ1WTGCTBG2";
    private static final String MX = "A1AM78C64UM0Y8";

    @Test
    void anOfferDiffersOnlyWhenCalibrateHasAnotherPriceInItsCurrency() {
        Listing listing = listing(new Offer(US, usd("26.99")), new Offer(CA, money("30.00", "CAD")),
                new Offer(MX, money("400.00", "MXN")));

        ListingPrices.Compared compared = ListingPrices.compare(listing,
                product(Map.of("USD", usd("23.99"), "CAD", money("30.00", "CAD"))));

        assertThat(compared.offers()).extracting(ListingPrices.ComparedOffer::differs).containsExactly(true, false, false);
        assertThat(compared.offers().get(2).calibratePrice()).as("no MXN price in Calibrate").isNull();
        assertThat(compared.differs()).isTrue();
        assertThat(compared.note()).isEqualTo("Calibrate's price 23.99 USD is not on Amazon: update it in Seller Central"
                + " (Calibrate is read-only on Amazon)");
    }

    @Test
    void theSameAmountAtAnotherScaleIsNoDifferenceAndAnInactiveProductNeverDiffers() {
        Listing listing = listing(new Offer(US, usd("20.00")));

        assertThat(ListingPrices.compare(listing, product(Map.of("USD", usd("20")))).differs()).isFalse();
        ListingPrices.Compared inactive = ListingPrices.compare(listing, null);
        assertThat(inactive.differs()).isFalse();
        assertThat(inactive.note()).isNull();
    }

    @Test
    void twoDifferingCurrenciesAreNamedTogether() {
        Listing listing = listing(new Offer(US, usd("26.99")), new Offer(CA, money("30.00", "CAD")));

        assertThat(ListingPrices.compare(listing, product(Map.of("USD", usd("23.99"), "CAD", money("29.00", "CAD"))))
                .note()).startsWith("Calibrate's prices 23.99 USD and 29.00 CAD are not on Amazon: ");
    }

    private static Listing listing(Offer... offers) {
        return new Listing("MUG-1", MUG, "B0MUG00001", US, "Mug", "Acme", List.of(offers), null);
    }

    private static CatalogItem product(Map<String, Money> prices) {
        return new CatalogItem(MUG, "MUG-1", "Mug", "Acme", null, List.of(), Set.of("amazon"), true, null, prices,
                Map.of(), null);
    }

    private static Money usd(String amount) {
        return money(amount, "USD");
    }

    private static Money money(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }
}
