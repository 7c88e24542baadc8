package dev.calibrate.command.product;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.kernel.product.ProductMessages.UpsertOutcome.UNCHANGED;
import static dev.calibrate.kernel.product.ProductMessages.UpsertOutcome.UPDATED;

/**
 * One SKU on two channels: each channel's upsert replaces only its own entry of {@code channelRefs};
 * Amazon (read only) never overwrites what Shopify says about a product, nor (de)activates it.
 */
class ProductChannelDetailsTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final String SKU = "MUG-001";
    private static final ProductId MUG_ID = ProductId.forSku(ACME, SKU);
    private static final Map<String, String> SHOPIFY_REF = Map.of("productId", "gid://shopify/Product/1",
            "variantId", "gid://shopify/ProductVariant/2");
    private static final Map<String, String> AMAZON_REF = Map.of("asin", "B000MUG001", "sellerSku", SKU,
            "marketplaceId", "ATVPDKIKX0DER");
    private static final ProductDetails FROM_SHOPIFY = new ProductDetails("Enamel mug", "Acme", "kitchen",
            List.of("camping"), usd("4.10"), Map.of("shopify", SHOPIFY_REF));
    private static final ProductDetails FROM_AMAZON = new ProductDetails("ACME Enamel Mug 350ml", "ACME Brand", null,
            List.of(), null, Map.of("amazon", AMAZON_REF));
    private static final ProductDetails ON_BOTH = new ProductDetails("Enamel mug", "Acme", "kitchen",
            List.of("camping"), usd("4.10"), Map.of("shopify", SHOPIFY_REF, "amazon", AMAZON_REF));

    private FixtureConfiguration<Product> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
    }

    @Test
    void amazonAddsItsRefToAShopifyProductAndKeepsShopifysDetails() {
        fixture.given(created(FROM_SHOPIFY))
                .when(upsert(FROM_AMAZON, true, "amazon"))
                .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, ON_BOTH, List.of("channelRefs")))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 1));
    }

    @Test
    void amazonSeeingTheSameAgainChangesNothing() {
        fixture.given(created(ON_BOTH))
                .when(upsert(FROM_AMAZON, true, "amazon"))
                .expectNoEvents()
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 0));
    }

    @Test
    void shopifyKeepsTheAmazonRef() {
        ProductDetails retitled = new ProductDetails("Enamel camping mug", "Acme", "kitchen", List.of("camping"),
                usd("4.10"), Map.of("shopify", SHOPIFY_REF));
        ProductDetails expected = new ProductDetails("Enamel camping mug", "Acme", "kitchen", List.of("camping"),
                usd("4.10"), Map.of("shopify", SHOPIFY_REF, "amazon", AMAZON_REF));

        fixture.given(created(ON_BOTH))
                .when(upsert(retitled, true, "shopify"))
                .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, expected, List.of("title")))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 1));
    }

    @Test
    void shopifyUnchangedOnAProductAmazonKnowsTooChangesNothing() {
        fixture.given(created(ON_BOTH))
                .when(upsert(FROM_SHOPIFY, true, "shopify"))
                .expectNoEvents();
    }

    @Test
    void shopifyTakesOverTheDetailsOfAProductOnlyAmazonKnew() {
        ProductDetails expected = new ProductDetails("Enamel mug", "Acme", "kitchen", List.of("camping"),
                usd("4.10"), Map.of("shopify", SHOPIFY_REF, "amazon", AMAZON_REF));

        fixture.given(created(FROM_AMAZON))
                .when(upsert(FROM_SHOPIFY, true, "shopify"))
                .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, expected,
                        List.of("title", "vendor", "productType", "tags", "cost", "channelRefs")));
    }

    @Test
    void onAnAmazonOnlyProductAmazonsTitleAndBrandWinButWhatItDoesNotSayStays() {
        ProductDetails described = new ProductDetails("Enamel mug", "Acme", "kitchen", List.of("camping"),
                usd("4.10"), Map.of("amazon", AMAZON_REF));
        ProductDetails expected = new ProductDetails("ACME Enamel Mug 350ml", "ACME Brand", "kitchen",
                List.of("camping"), usd("4.10"), Map.of("amazon", AMAZON_REF));

        fixture.given(created(described))
                .when(upsert(FROM_AMAZON, true, "amazon"))
                .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, expected, List.of("title", "vendor")));
    }

    @Test
    void aVanishedListingRemovesOnlyTheAmazonRefAndLeavesAShopifyProductActive() {
        ProductDetails withoutRef = new ProductDetails("ACME Enamel Mug 350ml", "ACME Brand", null, List.of(), null,
                Map.of());

        fixture.given(created(ON_BOTH))
                .when(upsert(withoutRef, false, "amazon"))
                .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, FROM_SHOPIFY, List.of("channelRefs")));
    }

    @Test
    void aVanishedListingDeactivatesAProductOnlyAmazonKnew() {
        ProductDetails withoutRef = new ProductDetails("ACME Enamel Mug 350ml", "ACME Brand", null, List.of(), null,
                Map.of());

        fixture.given(created(FROM_AMAZON))
                .when(upsert(withoutRef, false, "amazon"))
                .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, withoutRef, List.of("channelRefs")),
                        new ProductDeactivated(MUG_ID, ACME));
    }

    @Test
    void amazonsPriceIsObservedOnAShopifyProduct() {
        fixture.given(created(ON_BOTH))
                .when(new UpsertProduct(MUG_ID, ACME, SKU, FROM_AMAZON, true,
                        List.of(new ObservedPrice(usd("12.50"), null)), "amazon"))
                .expectEvents(new ProductPriceObserved(MUG_ID, ACME, usd("12.50"), null, "amazon"));
    }

    @Test
    void theApiStillDescribesTheWholeProduct() {
        ProductDetails replaced = new ProductDetails("Mug", null, null, List.of(), null, Map.of());

        fixture.given(created(ON_BOTH))
                .when(upsert(replaced, null, "api"))
                .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, replaced,
                        List.of("title", "vendor", "productType", "tags", "cost", "channelRefs")));
    }

    private static ProductCreated created(ProductDetails details) {
        return new ProductCreated(MUG_ID, ACME, SKU, details, true);
    }

    private static UpsertProduct upsert(ProductDetails details, Boolean active, String source) {
        return new UpsertProduct(MUG_ID, ACME, SKU, details, active, List.of(), source);
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
