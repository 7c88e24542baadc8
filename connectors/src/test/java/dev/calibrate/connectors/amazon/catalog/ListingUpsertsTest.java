package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.connectors.amazon.catalog.AmazonPayloads.CatalogSummary;
import dev.calibrate.connectors.amazon.catalog.AmazonPayloads.SellerListing;
import dev.calibrate.connectors.amazon.catalog.ListingUpserts.Plan;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Listings of several marketplaces become one upsert per SKU. */
class ListingUpsertsTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final String US = "ATVPDKIKX0DER";
    private static final String CA = "A2EUQ1WTGCTBG2";
    private static final String DE = "A1PA6795UKMFR9";
    private static final String FR = "A13V1IB3VIYZZH";

    @Test
    void oneSkuInTwoMarketplacesIsOneProductWithAPricePerCurrencyAndTheFirstMarketplacesRef() {
        Plan plan = ListingUpserts.plan(ACME, List.of(US, CA), List.of(
                        new SellerListing("MUG-1", CA, "B0MUG00001", "Mug", money("19.99", "CAD")),
                        new SellerListing("MUG-1", US, "B0MUG00001", "Mug", money("14.99", "USD"))),
                Map.of(US, Map.of("B0MUG00001", new CatalogSummary("Acme Enamel Mug", "Acme"))));

        assertThat(plan.warnings()).isEmpty();
        UpsertProduct upsert = plan.items().get(0).upsert();
        assertThat(plan.items()).hasSize(1);
        assertThat(upsert.productId()).isEqualTo(ProductId.forSku(ACME, "MUG-1"));
        assertThat(upsert.source()).isEqualTo("amazon");
        assertThat(upsert.details().title()).isEqualTo("Acme Enamel Mug");
        assertThat(upsert.details().vendor()).isEqualTo("Acme");
        assertThat(upsert.details().channelRefs()).isEqualTo(Map.of("amazon",
                Map.of("asin", "B0MUG00001", "sellerSku", "MUG-1", "marketplaceId", US)));
        assertThat(upsert.prices()).containsExactly(new ObservedPrice(money("14.99", "USD"), null),
                new ObservedPrice(money("19.99", "CAD"), null));
    }

    @Test
    void twoMarketplacesInOneCurrencyGiveTheFirstOnesPrice() {
        Plan plan = ListingUpserts.plan(ACME, List.of(DE, FR), List.of(
                new SellerListing("MUG-1", FR, "B0MUG00001", "Tasse", money("13.00", "EUR")),
                new SellerListing("MUG-1", DE, "B0MUG00001", "Tasse", money("12.00", "EUR"))), Map.of());

        assertThat(plan.items().get(0).upsert().prices()).containsExactly(new ObservedPrice(money("12.00", "EUR"), null));
        assertThat(plan.items().get(0).upsert().details().title()).as("the listing's name stands in").isEqualTo("Tasse");
        assertThat(plan.items().get(0).offers()).as("every offer is kept, in the connection's order")
                .containsExactly(new AmazonListings.Offer(DE, money("12.00", "EUR")),
                        new AmazonListings.Offer(FR, money("13.00", "EUR")));
    }

    @Test
    void noTitleIsAWarningAndNoPriceIsImportedWithOne() {
        Plan plan = ListingUpserts.plan(ACME, List.of(US), List.of(
                new SellerListing("NAMELESS", US, null, null, money("5.00", "USD")),
                new SellerListing("PRICELESS", US, "B0PRICELES", "Priceless", null)), Map.of());

        assertThat(plan.items()).extracting(ListingUpserts.Planned::sku).containsExactly("PRICELESS");
        assertThat(plan.items().get(0).upsert().prices()).isEmpty();
        assertThat(plan.items().get(0).offers()).isEmpty();
        assertThat(plan.warnings()).containsExactly(
                "listing SKU \"NAMELESS\" was not imported: neither the catalog nor the listing gives a title",
                "listing SKU \"PRICELESS\" has no offer price in " + US + "; imported without a price");
    }

    private static Money money(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }
}
