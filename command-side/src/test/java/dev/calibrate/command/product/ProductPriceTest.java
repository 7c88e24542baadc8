package dev.calibrate.command.product;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
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

import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.APPLY;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.ROLLBACK;
import static dev.calibrate.kernel.product.ProductMessages.PriceWriteResult.CONFLICT;
import static dev.calibrate.kernel.product.ProductMessages.PriceWriteResult.WRITTEN;

/** How a price change sets a product's price and takes it back, and when the product refuses. */
class ProductPriceTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TenantId GLOBEX = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-0000000091b0"));
    private static final String SKU = "MUG-001";
    private static final ProductId MUG_ID = ProductId.forSku(ACME, SKU);
    private static final ProductDetails MUG = new ProductDetails("Enamel mug", "Acme", "kitchen",
            List.of("camping"), usd("4.10"), Map.of());

    private static final PriceChangeId SUMMER_SALE = new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a1"));
    private static final PriceChangeId CLEARANCE = new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a2"));
    private static final Explain TEN_PERCENT_OFF = new Explain(List.of("tags contains camping"),
            List.of(new StepTrace("percent", new BigDecimal("12.00"), new BigDecimal("10.80"), "-10%")),
            List.of(new GuardrailCheck("floor", GuardrailCheck.Result.PASS)));

    private static final PriceWriteOutcome WRITTEN_OUTCOME = new PriceWriteOutcome(WRITTEN, null);

    private FixtureConfiguration<Product> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
    }

    // --- set ------------------------------------------------------------------------------

    @Test
    void setWritesTheNewPriceWithTheOldOneTheRuleAndTheExplanation() {
        fixture.given(created(), observed("12.00", "15.00"))
                .when(summerSale("12.00", "10.80", "15.00"))
                .expectEvents(new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE, APPLY, usd("12.00"), usd("10.80"),
                        usd("15.00"), usd("15.00"), TEN_PERCENT_OFF))
                .expectResultMessagePayload(replaced("12.00", "15.00"));
    }

    @Test
    void setCanDropTheCompareAtPrice() {
        fixture.given(created(), observed("12.00", "15.00"))
                .when(summerSale("12.00", "10.80", null))
                .expectEvents(new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE, APPLY, usd("12.00"), usd("10.80"),
                        usd("15.00"), null, TEN_PERCENT_OFF))
                .expectResultMessagePayload(replaced("12.00", "15.00"));
    }

    @Test
    void setIsAConflictWhenThePriceMovedSinceThePreviewAndNamesBothPrices() {
        String reason = "the price is now 13.00 USD, not the previewed 12.00";

        fixture.given(created(), observed("12.00", null), observed("13.00", null))
                .when(summerSale("12.00", "10.80", null))
                .expectEvents(new ProductPriceChangeConflicted(MUG_ID, ACME, SUMMER_SALE, APPLY, usd("12.00"),
                        usd("13.00"), reason))
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    @Test
    void setIsAConflictWhenTheProductHasNoPriceInThatCurrency() {
        String reason = "the product no longer has a price in EUR";

        fixture.given(created(), observed("12.00", null))
                .when(new SetProductPrice(MUG_ID, ACME, SUMMER_SALE, eur("11.00"), eur("9.90"), null,
                        TEN_PERCENT_OFF, false))
                .expectEvents(new ProductPriceChangeConflicted(MUG_ID, ACME, SUMMER_SALE, APPLY, eur("11.00"), null,
                        reason))
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    @Test
    void setIsAConflictWhenTheProductIsInactive() {
        String reason = "the product is inactive";

        fixture.given(created(), observed("12.00", null), new ProductDeactivated(MUG_ID, ACME))
                .when(summerSale("12.00", "10.80", null))
                .expectEvents(new ProductPriceChangeConflicted(MUG_ID, ACME, SUMMER_SALE, APPLY, usd("12.00"),
                        usd("12.00"), reason))
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    @Test
    void theSameSetAgainAnswersItsFirstOutcomeAndChangesNothing() {
        fixture.given(created(), observed("12.00", null), summerSaleSet("12.00", "10.80"))
                .when(summerSale("12.00", "10.80", null))
                .expectNoEvents()
                .expectResultMessagePayload(replaced("12.00", null));
    }

    @Test
    void theSameSetAgainAfterAConflictAnswersTheConflictAgain() {
        String reason = "the price is now 13.00 USD, not the previewed 12.00";

        fixture.given(created(), observed("13.00", null), new ProductPriceChangeConflicted(MUG_ID, ACME,
                        SUMMER_SALE, APPLY, usd("12.00"), usd("13.00"), reason), observed("12.00", null))
                .when(summerSale("12.00", "10.80", null))
                .expectNoEvents()
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    @Test
    void anotherChangeCanSetThePriceAChangeSet() {
        fixture.given(created(), observed("12.00", null), summerSaleSet("12.00", "10.80"))
                .when(new SetProductPrice(MUG_ID, ACME, CLEARANCE, usd("10.80"), usd("8.00"), null,
                        TEN_PERCENT_OFF, false))
                .expectEvents(new ProductPriceChanged(MUG_ID, ACME, CLEARANCE, APPLY, usd("10.80"), usd("8.00"),
                        null, null, TEN_PERCENT_OFF))
                .expectResultMessagePayload(replaced("10.80", null));
    }

    @Test
    void setByAnotherTenantIsProductNotFound() {
        fixture.given(created(), observed("12.00", null))
                .when(new SetProductPrice(MUG_ID, GLOBEX, SUMMER_SALE, usd("12.00"), usd("10.80"), null,
                        TEN_PERCENT_OFF, false))
                .expectException(ProductNotFound.class)
                .expectNoEvents();
    }

    // --- revert ---------------------------------------------------------------------------

    @Test
    void revertRestoresThePriceAndCompareAtFromBeforeTheChange() {
        fixture.given(created(), observed("12.00", "15.00"), new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE,
                        APPLY, usd("12.00"), usd("10.80"), usd("15.00"), null, TEN_PERCENT_OFF))
                .when(new RevertProductPrice(MUG_ID, ACME, SUMMER_SALE, usd("10.80"),
                        new ObservedPrice(usd("12.00"), usd("15.00")), false))
                .expectEvents(new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE, ROLLBACK, usd("10.80"), usd("12.00"),
                        null, usd("15.00"), rollbackExplain("10.80", "12.00")))
                .expectResultMessagePayload(WRITTEN_OUTCOME);
    }

    @Test
    void revertIsAConflictWhenAChannelShowedAnotherPriceSince() {
        String reason = "the price is now 11.50 USD, observed at shopify; this change set 10.80";

        fixture.given(created(), observed("12.00", null), summerSaleSet("12.00", "10.80"), observed("11.50", null))
                .when(revertSummerSale())
                .expectEvents(new ProductPriceChangeConflicted(MUG_ID, ACME, SUMMER_SALE, ROLLBACK, usd("10.80"),
                        usd("11.50"), reason))
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    @Test
    void revertIsAConflictWhenAChannelSetThePriceSinceEvenToTheSameAmount() {
        String reason = "the price is now 10.80 USD, observed at shopify; this change set 10.80";

        fixture.given(created(), observed("12.00", null), summerSaleSet("12.00", "10.80"),
                        observed("11.50", null), observed("10.80", null))
                .when(revertSummerSale())
                .expectEvents(new ProductPriceChangeConflicted(MUG_ID, ACME, SUMMER_SALE, ROLLBACK, usd("10.80"),
                        usd("10.80"), reason))
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    @Test
    void revertIsAConflictWhenAnotherChangeSetThePriceSince() {
        String reason = "the price is now 8.00 USD, set by price change " + CLEARANCE + "; this change set 10.80";

        fixture.given(created(), observed("12.00", null), summerSaleSet("12.00", "10.80"),
                        new ProductPriceChanged(MUG_ID, ACME, CLEARANCE, APPLY, usd("10.80"), usd("8.00"), null, null, TEN_PERCENT_OFF))
                .when(revertSummerSale())
                .expectEvents(new ProductPriceChangeConflicted(MUG_ID, ACME, SUMMER_SALE, ROLLBACK, usd("10.80"),
                        usd("8.00"), reason))
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    @Test
    void aLaterChangeRolledBackGivesThePriceBackToTheEarlierChangeWhichCanThenRollBack() {
        fixture.given(created(), observed("12.00", null), summerSaleSet("12.00", "10.80"),
                        new ProductPriceChanged(MUG_ID, ACME, CLEARANCE, APPLY, usd("10.80"), usd("8.00"), null, null, TEN_PERCENT_OFF),
                        new ProductPriceChanged(MUG_ID, ACME, CLEARANCE, ROLLBACK, usd("8.00"), usd("10.80"), null, null, rollbackExplain("8.00", "10.80")))
                .when(revertSummerSale())
                .expectEvents(new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE, ROLLBACK, usd("10.80"), usd("12.00"),
                        null, null, rollbackExplain("10.80", "12.00")))
                .expectResultMessagePayload(WRITTEN_OUTCOME);
    }

    @Test
    void theSameRevertAgainAnswersItsFirstOutcomeAndChangesNothing() {
        fixture.given(created(), observed("12.00", null), summerSaleSet("12.00", "10.80"),
                        new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE, ROLLBACK, usd("10.80"), usd("12.00"), null,
                                null, rollbackExplain("10.80", "12.00")))
                .when(revertSummerSale())
                .expectNoEvents()
                .expectResultMessagePayload(WRITTEN_OUTCOME);
    }

    @Test
    void theSameRevertAgainAfterAConflictAnswersTheConflictAgain() {
        String reason = "the price is now 11.50 USD, observed at shopify; this change set 10.80";

        fixture.given(created(), observed("12.00", null), summerSaleSet("12.00", "10.80"), observed("11.50", null),
                        new ProductPriceChangeConflicted(MUG_ID, ACME, SUMMER_SALE, ROLLBACK, usd("10.80"),
                                usd("11.50"), reason))
                .when(revertSummerSale())
                .expectNoEvents()
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    @Test
    void revertByAnotherTenantIsProductNotFound() {
        fixture.given(created(), observed("12.00", null), summerSaleSet("12.00", "10.80"))
                .when(new RevertProductPrice(MUG_ID, GLOBEX, SUMMER_SALE, usd("10.80"),
                        new ObservedPrice(usd("12.00"), null), false))
                .expectException(ProductNotFound.class)
                .expectNoEvents();
    }

    // --- helpers --------------------------------------------------------------------------

    private static SetProductPrice summerSale(String expected, String newPrice, String newCompareAt) {
        return new SetProductPrice(MUG_ID, ACME, SUMMER_SALE, usd(expected), usd(newPrice),
                newCompareAt == null ? null : usd(newCompareAt), TEN_PERCENT_OFF, false);
    }

    /** As the run sends it: the price the change set, and (from its run record) the one it replaced. */
    private static RevertProductPrice revertSummerSale() {
        return new RevertProductPrice(MUG_ID, ACME, SUMMER_SALE, usd("10.80"), new ObservedPrice(usd("12.00"), null), false);
    }

    private static ProductPriceChanged summerSaleSet(String oldPrice, String newPrice) {
        return new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE, APPLY, usd(oldPrice), usd(newPrice), null, null, TEN_PERCENT_OFF);
    }

    private static Explain rollbackExplain(String from, String to) {
        return new Explain(List.of(), List.of(new StepTrace("rollback", new BigDecimal(from), new BigDecimal(to),
                "restores the price from before price change " + SUMMER_SALE)), List.of());
    }

    /** A written apply answers the price and compare-at it replaced, for the run record to keep. */
    private static PriceWriteOutcome replaced(String price, String compareAt) {
        return new PriceWriteOutcome(WRITTEN, null, new ObservedPrice(usd(price), compareAt == null ? null : usd(compareAt)));
    }

    private static ProductCreated created() {
        return new ProductCreated(MUG_ID, ACME, SKU, MUG, true);
    }

    private static ProductPriceObserved observed(String price, String compareAt) {
        return new ProductPriceObserved(MUG_ID, ACME, usd(price), compareAt == null ? null : usd(compareAt), "shopify");
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }
}
