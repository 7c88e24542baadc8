package dev.calibrate.command.product;

import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.SetBrandFloors;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.DeactivateProduct;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;
import static dev.calibrate.kernel.product.ProductMessages.UpsertOutcome.CREATED;
import static dev.calibrate.kernel.product.ProductMessages.UpsertOutcome.UNCHANGED;
import static dev.calibrate.kernel.product.ProductMessages.UpsertOutcome.UPDATED;

class ProductTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TenantId GLOBEX = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-0000000091b0"));
    private static final String SKU = "MUG-001";
    private static final ProductId MUG_ID = ProductId.forSku(ACME, SKU);
    private static final String SOURCE = "api";

    private static final ProductDetails MUG = new ProductDetails("Enamel mug", "Acme", "kitchen",
            List.of("camping", "enamel"), usd("4.10"), Map.of("shopify", Map.of("variantId", "4711")));
    private static final ObservedPrice USD_12 = new ObservedPrice(usd("12.00"), usd("15.00"));
    private static final ObservedPrice EUR_11 = new ObservedPrice(eur("11.00"), null);

    private FixtureConfiguration<Product> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
    }

    @Test
    void upsertOfAnUnknownSkuCreatesAnActiveProductAndObservesEachPrice() {
        fixture.givenNoPriorActivity()
                .when(upsert(MUG, null, USD_12, EUR_11))
                .expectEvents(created(MUG, true), observed(USD_12), observed(EUR_11))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, CREATED, 2));
    }

    @Test
    void brandFloorsAreSetOnceAndClearedOnce() {
        BrandFloors floors = new BrandFloors(usd("19.99"), usd("17.99"), java.time.Instant.parse("2026-11-27T00:00:00Z"),
                java.time.Instant.parse("2026-12-01T00:00:00Z"), null);
        fixture.given(created(MUG, true))
                .when(new SetBrandFloors(MUG_ID, ACME, "USD", floors))
                .expectEvents(new ProductBrandFloorsSet(MUG_ID, ACME, "USD", floors))
                .expectResultMessagePayload(true);
        fixture.given(created(MUG, true), new ProductBrandFloorsSet(MUG_ID, ACME, "USD", floors))
                .when(new SetBrandFloors(MUG_ID, ACME, "USD", floors))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(created(MUG, true), new ProductBrandFloorsSet(MUG_ID, ACME, "USD", floors))
                .when(new SetBrandFloors(MUG_ID, ACME, "USD", null))
                .expectEvents(new ProductBrandFloorsSet(MUG_ID, ACME, "USD", null));
        fixture.given(created(MUG, true))
                .when(new SetBrandFloors(MUG_ID, ACME, "USD", null))
                .expectNoEvents();
    }

    @Test
    void anotherTenantCannotSetAProductsBrandFloors() {
        fixture.given(created(MUG, true))
                .when(new SetBrandFloors(MUG_ID, GLOBEX, "USD", null))
                .expectException(ProductNotFound.class);
    }

    @Test
    void upsertOfAnUnknownSkuWithActiveFalseCreatesItInactive() {
        fixture.givenNoPriorActivity()
                .when(upsert(MUG, false))
                .expectEvents(created(MUG, false))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, CREATED, 0));
    }

    @Test
    void upsertOfTheSamePayloadAgainEmitsNothing() {
        fixture.given(created(MUG, true), observed(USD_12), observed(EUR_11))
                .when(upsert(MUG, true, USD_12, EUR_11))
                .expectNoEvents()
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 2));
    }

    @Test
    void upsertWithTagsReorderedOrRepeatedIsNotAChange() {
        ProductDetails shuffled = new ProductDetails(MUG.title(), MUG.vendor(), MUG.productType(),
                List.of("enamel", " camping", "enamel"), MUG.cost(), MUG.channelRefs());

        fixture.given(created(MUG, true))
                .when(upsert(shuffled, null))
                .expectNoEvents()
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 0));
    }

    @Test
    void upsertWithChangedDetailsNamesTheFieldsThatChanged() {
        ProductDetails retitled = new ProductDetails("Enamel camping mug", MUG.vendor(), MUG.productType(),
                List.of("camping"), MUG.cost(), MUG.channelRefs());

        fixture.given(created(MUG, true), observed(USD_12))
                .when(upsert(retitled, null, USD_12))
                .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, retitled, List.of("title", "tags")))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 2));
    }

    @Test
    void upsertNamesEveryDescriptiveFieldThatChanged() {
        ProductDetails everythingNew = new ProductDetails("Steel mug", "Globex", "outdoor", List.of("steel"),
                usd("5.00"), Map.of("amazon", Map.of("asin", "B000MUG")));

        fixture.given(created(MUG, true))
                .when(upsert(everythingNew, null))
                .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, everythingNew,
                        List.of("title", "vendor", "productType", "tags", "cost", "channelRefs")))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 1));
    }

    @Test
    void upsertWithActiveFalseDeactivatesAnActiveProduct() {
        fixture.given(created(MUG, true))
                .when(upsert(MUG, false))
                .expectEvents(new ProductDeactivated(MUG_ID, ACME))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 1));
    }

    @Test
    void upsertWithActiveTrueReactivatesAnInactiveProduct() {
        fixture.given(created(MUG, true), new ProductDeactivated(MUG_ID, ACME))
                .when(upsert(MUG, true))
                .expectEvents(new ProductReactivated(MUG_ID, ACME))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 2));
    }

    @Test
    void upsertWithoutActiveKeepsAnInactiveProductInactive() {
        fixture.given(created(MUG, true), new ProductDeactivated(MUG_ID, ACME))
                .when(upsert(MUG, null))
                .expectNoEvents()
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 1));
    }

    @Test
    void upsertObservesAChangedPriceOnlyForItsCurrency() {
        ObservedPrice usd14 = new ObservedPrice(usd("14.00"), usd("15.00"));

        fixture.given(created(MUG, true), observed(USD_12), observed(EUR_11))
                .when(upsert(MUG, null, usd14, EUR_11))
                .expectEvents(observed(usd14))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 3));
    }

    @Test
    void upsertObservesAChangedCompareAtAsAChangedPrice() {
        ObservedPrice noLongerOnSale = new ObservedPrice(usd("12.00"), null);

        fixture.given(created(MUG, true), observed(USD_12))
                .when(upsert(MUG, null, noLongerOnSale))
                .expectEvents(observed(noLongerOnSale))
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 2));
    }

    @Test
    void upsertLeavesCurrenciesItDoesNotListAlone() {
        fixture.given(created(MUG, true), observed(USD_12), observed(EUR_11))
                .when(upsert(MUG, null, EUR_11))
                .expectNoEvents()
                .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 2));
    }

    @Test
    void deactivateDeactivatesAnActiveProduct() {
        fixture.given(created(MUG, true))
                .when(new DeactivateProduct(MUG_ID, ACME))
                .expectEvents(new ProductDeactivated(MUG_ID, ACME));
    }

    @Test
    void deactivateOfAnInactiveProductEmitsNothing() {
        fixture.given(created(MUG, true), new ProductDeactivated(MUG_ID, ACME))
                .when(new DeactivateProduct(MUG_ID, ACME))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    /** Another tenant learns nothing about a product, not even that it exists. */
    @Test
    void upsertByAnotherTenantIsProductNotFound() {
        fixture.given(created(MUG, true))
                .when(new UpsertProduct(MUG_ID, GLOBEX, SKU, MUG, false, List.of(), SOURCE))
                .expectException(ProductNotFound.class)
                .expectNoEvents();
    }

    @Test
    void upsertByAnotherTenantIsProductNotFoundEvenWhenThePayloadIsInvalid() {
        fixture.given(created(MUG, true))
                .when(new UpsertProduct(MUG_ID, GLOBEX, SKU, withTitle(" "), null, List.of(), SOURCE))
                .expectException(ProductNotFound.class)
                .expectNoEvents();
    }

    @Test
    void deactivateByAnotherTenantIsProductNotFound() {
        fixture.given(created(MUG, true))
                .when(new DeactivateProduct(MUG_ID, GLOBEX))
                .expectException(ProductNotFound.class)
                .expectNoEvents();
    }

    @Test
    void upsertRejectsABlankSku() {
        fixture.givenNoPriorActivity()
                .when(new UpsertProduct(ProductId.forSku(ACME, " "), ACME, " ", MUG, null, List.of(), SOURCE))
                .expectException(invalidInputNaming("sku"))
                .expectNoEvents();
    }

    @Test
    void upsertRejectsASkuThatIsNotTheProducts() {
        fixture.givenNoPriorActivity()
                .when(new UpsertProduct(MUG_ID, ACME, "MUG-002", MUG, null, List.of(), SOURCE))
                .expectException(invalidInputNaming("sku"))
                .expectNoEvents();
    }

    @Test
    void upsertRejectsABlankTitle() {
        fixture.givenNoPriorActivity()
                .when(upsert(withTitle("  "), null))
                .expectException(invalidInputNaming("title"))
                .expectNoEvents();
    }

    @Test
    void upsertRejectsABlankTitleOnAnExistingProduct() {
        fixture.given(created(MUG, true))
                .when(upsert(withTitle(""), null))
                .expectException(invalidInputNaming("title"))
                .expectNoEvents();
    }

    @Test
    void upsertRejectsANegativeCost() {
        ProductDetails negativeCost = new ProductDetails(MUG.title(), MUG.vendor(), MUG.productType(),
                MUG.tags(), usd("-0.01"), MUG.channelRefs());

        fixture.givenNoPriorActivity()
                .when(upsert(negativeCost, null))
                .expectException(invalidInputNaming("cost.amount"))
                .expectNoEvents();
    }

    @Test
    void upsertRejectsACurrencyListedTwice() {
        fixture.givenNoPriorActivity()
                .when(upsert(MUG, null, USD_12, EUR_11, new ObservedPrice(usd("13.00"), null)))
                .expectException(invalidInputNaming("prices[2].currency"))
                .expectNoEvents();
    }

    @Test
    void upsertRejectsANegativePrice() {
        fixture.givenNoPriorActivity()
                .when(upsert(MUG, null, EUR_11, new ObservedPrice(usd("-12.00"), null)))
                .expectException(invalidInputNaming("prices[1].amount"))
                .expectNoEvents();
    }

    @Test
    void upsertRejectsANegativeCompareAt() {
        fixture.givenNoPriorActivity()
                .when(upsert(MUG, null, new ObservedPrice(usd("12.00"), usd("-15.00"))))
                .expectException(invalidInputNaming("prices[0].compareAt"))
                .expectNoEvents();
    }

    @Test
    void upsertRejectsACompareAtInAnotherCurrency() {
        fixture.givenNoPriorActivity()
                .when(upsert(MUG, null, new ObservedPrice(usd("12.00"), eur("15.00"))))
                .expectException(invalidInputNaming("prices[0].compareAt"))
                .expectNoEvents();
    }

    @Test
    void upsertRejectsAnInvalidPriceOnAnExistingProduct() {
        fixture.given(created(MUG, true), observed(USD_12))
                .when(upsert(MUG, null, new ObservedPrice(usd("-1.00"), null)))
                .expectException(invalidInputNaming("prices[0].amount"))
                .expectNoEvents();
    }

    private static UpsertProduct upsert(ProductDetails details, Boolean active, ObservedPrice... prices) {
        return new UpsertProduct(MUG_ID, ACME, SKU, details, active, List.of(prices), SOURCE);
    }

    private static ProductCreated created(ProductDetails details, boolean active) {
        return new ProductCreated(MUG_ID, ACME, SKU, details, active);
    }

    private static ProductPriceObserved observed(ObservedPrice price) {
        return new ProductPriceObserved(MUG_ID, ACME, price.price(), price.compareAt(), SOURCE);
    }

    private static ProductDetails withTitle(String title) {
        return new ProductDetails(title, MUG.vendor(), MUG.productType(), MUG.tags(), MUG.cost(), MUG.channelRefs());
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }
}
