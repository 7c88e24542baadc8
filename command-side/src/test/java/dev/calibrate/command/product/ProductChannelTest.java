package dev.calibrate.command.product;

import dev.calibrate.kernel.channel.ChannelMessages.AcceptChannelPrice;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceRepairRequested;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncSuperseded;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.channel.ChannelMessages.RecordChannelPriceSync;
import dev.calibrate.kernel.channel.ChannelMessages.RepairChannelPrice;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.product.ProductNotFound;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;
import static dev.calibrate.kernel.channel.ChannelMessages.DriftResolution.ACCEPTED;
import static dev.calibrate.kernel.channel.ChannelMessages.DriftResolution.REPAIRED;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.APPLY;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.ROLLBACK;
import static dev.calibrate.kernel.product.ProductMessages.PriceWriteResult.CONFLICT;
import static dev.calibrate.kernel.product.ProductMessages.UpsertOutcome.UNCHANGED;
import static dev.calibrate.kernel.product.ProductMessages.UpsertOutcome.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A product linked to Shopify: the sync records the connector sends back, the prices its ingest
 * observes (stale while a write is on its way, a drift once it arrived), and accepting or
 * repairing a drift.
 */
class ProductChannelTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TenantId GLOBEX = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-0000000091b0"));
    private static final String SKU = "MUG-001";
    private static final ProductId MUG_ID = ProductId.forSku(ACME, SKU);
    private static final String SHOPIFY = "shopify";
    private static final ProductDetails LINKED = new ProductDetails("Enamel mug", "Acme", "kitchen",
            List.of("camping"), usd("4.10"), Map.of(SHOPIFY, Map.of("productId", "gid://shopify/Product/1",
            "variantId", "gid://shopify/ProductVariant/2")));
    private static final ProductDetails UNLINKED = new ProductDetails("Enamel mug", "Acme", "kitchen",
            List.of("camping"), usd("4.10"), Map.of());
    private static final ProductDetails ON_AMAZON = new ProductDetails("Enamel mug", "Acme", "kitchen",
            List.of("camping"), usd("4.10"), Map.of("amazon", Map.of("asin", "B000MUG")));

    private static final PriceChangeId SUMMER_SALE = new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a1"));
    private static final PriceChangeId CLEARANCE = new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a2"));
    private static final Explain EXPLAIN = new Explain(List.of("tags contains camping"),
            List.of(new StepTrace("percent", new BigDecimal("12.00"), new BigDecimal("10.80"), "-10%")), List.of());
    private static final List<ChannelError> TOO_LOW = List.of(new ChannelError("GREATER_THAN_OR_EQUAL_TO",
            "variants.0.price", "Price must be greater than or equal to 0"));

    private FixtureConfiguration<Product> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
    }

    @Nested
    class Observations {

        @Test
        void aStalePriceWhileCalibratesWriteIsOnItsWayIsIgnored() {
            fixture.given(created(LINKED), observed("12.00", "15.00"), summerSaleSet())
                    .when(shopifySees("12.00", "15.00"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 2));
        }

        @Test
        void anyOtherPriceWhileTheWriteIsOnItsWayIsIgnoredToo() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet())
                    .when(shopifySees("13.00", null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 2));
        }

        @Test
        void detailsAreStillUpdatedWhileThePriceIsIgnored() {
            ProductDetails retitled = new ProductDetails("Enamel camping mug", LINKED.vendor(), LINKED.productType(),
                    LINKED.tags(), LINKED.cost(), LINKED.channelRefs());

            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet())
                    .when(shopifySees(retitled, "12.00", null))
                    .expectEvents(new ProductDetailsChanged(MUG_ID, ACME, retitled, List.of("title")))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 3));
        }

        @Test
        void aRollbackIsAWriteOnItsWayToo() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            summerSaleRolledBack())
                    .when(shopifySees("10.80", null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 4));
        }

        @Test
        void onceSyncedTheIntendedPriceSeenAgainIsNothingNew() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"))
                    .when(shopifySees("10.80", null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 3));
        }

        @Test
        void onceSyncedAnotherPriceIsADriftAndThePriceStaysTheIntendedOne() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"))
                    .when(shopifySees("11.50", "14.00"))
                    .expectEvents(drift("11.50", "14.00"))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 4));
        }

        @Test
        void theDriftedPriceSeenAgainIsTheSameDrift() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null))
                    .when(shopifySees("11.50", null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 4));
        }

        @Test
        void anotherDriftedPriceIsANewDrift() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null))
                    .when(shopifySees("11.00", null))
                    .expectEvents(drift("11.00", null))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 5));
        }

        @Test
        void theIntendedPriceBackAtTheChannelResolvesTheDriftAsRepaired() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null))
                    .when(shopifySees("10.80", null))
                    .expectEvents(new ChannelPriceDriftResolved(MUG_ID, ACME, SHOPIFY, REPAIRED, usd("10.80")))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 5));
        }

        @Test
        void aFailedWriteWaitsNoMoreSoTheOldPriceSeenAfterItIsADrift() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), failed("10.80"))
                    .when(shopifySees("12.00", null))
                    .expectEvents(new ChannelPriceDriftDetected(MUG_ID, ACME, SHOPIFY, usd("10.80"), usd("12.00"), null))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 4));
        }

        @Test
        void aSupersededWriteStillLeavesTheNewerOneOnItsWay() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), clearanceSet(),
                            new ChannelPriceSyncSuperseded(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, APPLY, usd("10.80")))
                    .when(shopifySees("12.00", null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 4));
        }

        @Test
        void aSyncOfAnOlderPriceLeavesTheNewerOneOnItsWay() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), clearanceSet(), synced("10.80"))
                    .when(shopifySees("10.80", null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 4));
        }

        @Test
        void aPriceTheChannelOwnsIsObservedAsBefore() {
            fixture.given(created(LINKED), observed("12.00", null))
                    .when(shopifySees("13.00", null))
                    .expectEvents(observed("13.00", null))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 2));
        }

        @Test
        void aChannelTheProductIsNotLinkedToObservesAsBefore() {
            fixture.given(created(UNLINKED), observed("12.00", null), summerSaleSet())
                    .when(new UpsertProduct(MUG_ID, ACME, SKU, UNLINKED, null,
                            List.of(new ObservedPrice(usd("12.00"), null)), SHOPIFY))
                    .expectEvents(observed("12.00", null))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 3));
        }

        @Test
        void aReadOnlyChannelNeverUndoesAPriceAChangeSet() {
            fixture.given(created(ON_AMAZON), amazonSaw("12.00"), summerSaleSet())
                    .when(amazonSees(ON_AMAZON, "11.90"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 2));
        }

        @Test
        void aReadOnlyChannelObservesAgainOnceTheChangeIsRolledBack() {
            fixture.given(created(ON_AMAZON), amazonSaw("12.00"), summerSaleSet(), summerSaleRolledBack())
                    .when(amazonSees(ON_AMAZON, "11.90"))
                    .expectEvents(new ProductPriceObserved(MUG_ID, ACME, usd("11.90"), null, "amazon"))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 4));
        }

        @Test
        void aReadOnlyChannelDoesNotTakeTurnsWithAWriteBackChannelInTheSameCurrency() {
            ProductDetails onBoth = new ProductDetails("Enamel mug", "Acme", "kitchen", List.of("camping"),
                    usd("4.10"), Map.of(SHOPIFY, LINKED.channelRefs().get(SHOPIFY), "amazon", Map.of("asin", "B000MUG")));
            fixture.given(created(onBoth), observed("12.00", null))
                    .when(amazonSees(onBoth, "11.90"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UNCHANGED, 1));
        }

        @Test
        void aReadOnlyChannelStillUpdatesAPriceItWasTheSourceOf() {
            fixture.given(created(ON_AMAZON), amazonSaw("12.00"))
                    .when(amazonSees(ON_AMAZON, "11.90"))
                    .expectEvents(new ProductPriceObserved(MUG_ID, ACME, usd("11.90"), null, "amazon"))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 2));
        }

        @Test
        void thePriceApiStillSetsThePriceOfALinkedProduct() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet())
                    .when(new UpsertProduct(MUG_ID, ACME, SKU, LINKED, null,
                            List.of(new ObservedPrice(usd("9.00"), null)), "api"))
                    .expectEvents(new ProductPriceObserved(MUG_ID, ACME, usd("9.00"), null, "api"))
                    .expectResultMessagePayload(new UpsertResult(MUG_ID, UPDATED, 3));
        }

        @Test
        void aDriftLeavesThePriceThatTheChangeCanStillRollBack() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null))
                    .when(revertSummerSale())
                    .expectEvents(summerSaleRolledBack());
        }
    }

    @Nested
    class SyncRecords {

        @Test
        void aSyncedPriceIsRecorded() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet())
                    .when(record(ChannelSyncResult.SYNCED, "10.80", null, null))
                    .expectEvents(synced("10.80"));
        }

        @Test
        void aFailedWriteIsRecordedWithTheChannelsErrors() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet())
                    .when(record(ChannelSyncResult.FAILED, "10.80", "Shopify refused the price", TOO_LOW))
                    .expectEvents(new ChannelPriceSyncFailed(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, APPLY, usd("10.80"),
                            "Shopify refused the price", TOO_LOW));
        }

        @Test
        void aFailedWriteWithoutErrorsHasAnEmptyList() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet())
                    .when(record(ChannelSyncResult.FAILED, "10.80", "shop unreachable after 5 attempts", null))
                    .expectEvents(new ChannelPriceSyncFailed(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, APPLY, usd("10.80"),
                            "shop unreachable after 5 attempts", List.of()));
        }

        @Test
        void aSupersededWriteIsRecorded() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), clearanceSet())
                    .when(record(ChannelSyncResult.SUPERSEDED, "10.80", null, null))
                    .expectEvents(new ChannelPriceSyncSuperseded(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, APPLY,
                            usd("10.80")));
        }

        @Test
        void theSameSyncRecordAgainChangesNothing() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"))
                    .when(record(ChannelSyncResult.SYNCED, "10.80", null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theSameFailureAgainChangesNothingEvenWithAnotherReason() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), failed("10.80"))
                    .when(record(ChannelSyncResult.FAILED, "10.80", "still refused", TOO_LOW))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aSyncAfterAFailureOfTheSameWriteIsRecorded() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), failed("10.80"))
                    .when(record(ChannelSyncResult.SYNCED, "10.80", null, null))
                    .expectEvents(synced("10.80"));
        }

        @Test
        void theRollbacksSyncIsAnotherRecordThanTheApplys() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            summerSaleRolledBack())
                    .when(new RecordChannelPriceSync(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, ROLLBACK, usd("12.00"), null,
                            ChannelSyncResult.SYNCED, null, null))
                    .expectEvents(new ChannelPriceSynced(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, ROLLBACK, usd("12.00"),
                            null));
        }

        @Test
        void aSyncOfTheDriftsExpectedPriceResolvesItAsRepaired() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), repairRequested())
                    .when(record(ChannelSyncResult.SYNCED, "10.80", null, null))
                    .expectEvents(synced("10.80"),
                            new ChannelPriceDriftResolved(MUG_ID, ACME, SHOPIFY, REPAIRED, usd("10.80")));
        }

        @Test
        void aSyncOfANewerPriceSentDuringADriftResolvesItToo() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), clearanceSet())
                    .when(new RecordChannelPriceSync(MUG_ID, ACME, SHOPIFY, CLEARANCE, APPLY, usd("8.00"), null,
                            ChannelSyncResult.SYNCED, null, null))
                    .expectEvents(new ChannelPriceSynced(MUG_ID, ACME, SHOPIFY, CLEARANCE, APPLY, usd("8.00"), null),
                            new ChannelPriceDriftResolved(MUG_ID, ACME, SHOPIFY, REPAIRED, usd("8.00")));
        }

        @Test
        void aFailedRepairLeavesTheDriftOpen() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), repairRequested())
                    .when(record(ChannelSyncResult.FAILED, "10.80", "Shopify refused the price", TOO_LOW))
                    .expectEvents(new ChannelPriceSyncFailed(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, APPLY, usd("10.80"),
                            "Shopify refused the price", TOO_LOW));
        }

        @Test
        void aSyncByAnotherTenantIsProductNotFound() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet())
                    .when(new RecordChannelPriceSync(MUG_ID, GLOBEX, SHOPIFY, SUMMER_SALE, APPLY, usd("10.80"), null,
                            ChannelSyncResult.SYNCED, null, null))
                    .expectException(ProductNotFound.class)
                    .expectNoEvents();
        }

        @Test
        void aSyncOfAnUnknownChannelIsInvalid() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet())
                    .when(new RecordChannelPriceSync(MUG_ID, ACME, "amazon", SUMMER_SALE, APPLY, usd("10.80"), null,
                            ChannelSyncResult.SYNCED, null, null))
                    .expectException(invalidInputNaming("channel"))
                    .expectNoEvents();
        }

        @Test
        void aSyncWithoutAPriceIsInvalid() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet())
                    .when(new RecordChannelPriceSync(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, APPLY, null, null,
                            ChannelSyncResult.SYNCED, null, null))
                    .expectException(invalidInputNaming("price"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Accepting {

        @Test
        void acceptingAdoptsTheChannelsPriceAndResolvesTheDrift() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", "14.00"))
                    .when(new AcceptChannelPrice(MUG_ID, ACME, SHOPIFY))
                    .expectEvents(new ProductPriceObserved(MUG_ID, ACME, usd("11.50"), usd("14.00"), SHOPIFY),
                            new ChannelPriceDriftResolved(MUG_ID, ACME, SHOPIFY, ACCEPTED, usd("11.50")));
        }

        @Test
        void noOpenDriftIsAConflict() {
            assertThat(new NoOpenDrift(MUG_ID, SHOPIFY).kind()).isEqualTo(Rejection.Kind.CONFLICT);
        }

        @Test
        void acceptingWithoutAnOpenDriftIsAConflict() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"))
                    .when(new AcceptChannelPrice(MUG_ID, ACME, SHOPIFY))
                    .expectException(NoOpenDrift.class)
                    .expectExceptionMessage(NO_OPEN_DRIFT)
                    .expectNoEvents();
        }

        @Test
        void aDriftIsAcceptedOnce() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), observed("11.50", null),
                            new ChannelPriceDriftResolved(MUG_ID, ACME, SHOPIFY, ACCEPTED, usd("11.50")))
                    .when(new AcceptChannelPrice(MUG_ID, ACME, SHOPIFY))
                    .expectException(NoOpenDrift.class)
                    .expectExceptionMessage(NO_OPEN_DRIFT)
                    .expectNoEvents();
        }

        @Test
        void afterAcceptingTheChannelOwnsThePriceSoRollingBackTheChangeIsAConflict() {
            String reason = "the price is now 11.50 USD, observed at shopify; this change set 10.80";

            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), observed("11.50", null),
                            new ChannelPriceDriftResolved(MUG_ID, ACME, SHOPIFY, ACCEPTED, usd("11.50")))
                    .when(revertSummerSale())
                    .expectEvents(new ProductPriceChangeConflicted(MUG_ID, ACME, SUMMER_SALE, ROLLBACK, usd("10.80"),
                            usd("11.50"), reason))
                    .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
        }

        @Test
        void afterAcceptingTheChannelsNextPriceIsObserved() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), observed("11.50", null),
                            new ChannelPriceDriftResolved(MUG_ID, ACME, SHOPIFY, ACCEPTED, usd("11.50")))
                    .when(shopifySees("11.00", null))
                    .expectEvents(observed("11.00", null));
        }

        @Test
        void acceptingForAnotherTenantIsProductNotFound() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null))
                    .when(new AcceptChannelPrice(MUG_ID, GLOBEX, SHOPIFY))
                    .expectException(ProductNotFound.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Repairing {

        @Test
        void repairingAsksForTheCurrentPriceAndCompareAtOfTheChangeThatSetIt() {
            ProductPriceChanged withCompareAt = new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE, APPLY,
                    usd("12.00"), usd("10.80"), null, usd("12.00"), EXPLAIN);

            fixture.given(created(LINKED), observed("12.00", null), withCompareAt, synced("10.80"),
                            drift("11.50", null))
                    .when(new RepairChannelPrice(MUG_ID, ACME, SHOPIFY))
                    .expectEvents(new ChannelPriceRepairRequested(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, usd("10.80"),
                            usd("12.00")));
        }

        @Test
        void repairingWithoutAnOpenDriftIsAConflict() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"))
                    .when(new RepairChannelPrice(MUG_ID, ACME, SHOPIFY))
                    .expectException(NoOpenDrift.class)
                    .expectExceptionMessage(NO_OPEN_DRIFT)
                    .expectNoEvents();
        }

        @Test
        void aDriftResolvedByTheChannelCannotBeRepaired() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), new ChannelPriceDriftResolved(MUG_ID, ACME, SHOPIFY, REPAIRED,
                                    usd("10.80")))
                    .when(new RepairChannelPrice(MUG_ID, ACME, SHOPIFY))
                    .expectException(NoOpenDrift.class)
                    .expectExceptionMessage(NO_OPEN_DRIFT)
                    .expectNoEvents();
        }

        @Test
        void theDriftStaysOpenWhileRepairingSoItCanBeAskedAgain() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), repairRequested())
                    .when(new RepairChannelPrice(MUG_ID, ACME, SHOPIFY))
                    .expectEvents(repairRequested());
        }

        @Test
        void theDriftedPriceSeenWhileTheRepairIsOnItsWayIsIgnored() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), repairRequested())
                    .when(shopifySees("11.00", null))
                    .expectNoEvents();
        }

        @Test
        void theRepairsSyncRecordedTwiceChangesNothingTheSecondTime() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null), repairRequested(), synced("10.80"),
                            new ChannelPriceDriftResolved(MUG_ID, ACME, SHOPIFY, REPAIRED, usd("10.80")))
                    .when(record(ChannelSyncResult.SYNCED, "10.80", null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void repairingForAnotherTenantIsProductNotFound() {
            fixture.given(created(LINKED), observed("12.00", null), summerSaleSet(), synced("10.80"),
                            drift("11.50", null))
                    .when(new RepairChannelPrice(MUG_ID, GLOBEX, SHOPIFY))
                    .expectException(ProductNotFound.class)
                    .expectNoEvents();
        }
    }

    // --- helpers --------------------------------------------------------------------------

    private static final String NO_OPEN_DRIFT = "no open drift for shopify on product " + MUG_ID;

    private static UpsertProduct shopifySees(String price, String compareAt) {
        return shopifySees(LINKED, price, compareAt);
    }

    private static UpsertProduct shopifySees(ProductDetails details, String price, String compareAt) {
        return new UpsertProduct(MUG_ID, ACME, SKU, details, null,
                List.of(new ObservedPrice(usd(price), compareAt == null ? null : usd(compareAt))), SHOPIFY);
    }

    private static RecordChannelPriceSync record(ChannelSyncResult result, String price, String reason,
                                                 List<ChannelError> errors) {
        return new RecordChannelPriceSync(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, APPLY, usd(price), null, result, reason,
                errors);
    }

    private static ProductCreated created(ProductDetails details) {
        return new ProductCreated(MUG_ID, ACME, SKU, details, true);
    }

    private static ProductPriceObserved observed(String price, String compareAt) {
        return new ProductPriceObserved(MUG_ID, ACME, usd(price), compareAt == null ? null : usd(compareAt), SHOPIFY);
    }

    private static ProductPriceObserved amazonSaw(String price) {
        return new ProductPriceObserved(MUG_ID, ACME, usd(price), null, "amazon");
    }

    private static UpsertProduct amazonSees(ProductDetails details, String price) {
        return new UpsertProduct(MUG_ID, ACME, SKU, details, null, List.of(new ObservedPrice(usd(price), null)), "amazon");
    }

    private static ProductPriceChanged summerSaleSet() {
        return new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE, APPLY, usd("12.00"), usd("10.80"), null, null, EXPLAIN);
    }

    /** As the run sends it: the price the change set, and (from its run record) the one it replaced. */
    private static RevertProductPrice revertSummerSale() {
        return new RevertProductPrice(MUG_ID, ACME, SUMMER_SALE, usd("10.80"), new ObservedPrice(usd("12.00"), null), false);
    }

    private static ProductPriceChanged summerSaleRolledBack() {
        return new ProductPriceChanged(MUG_ID, ACME, SUMMER_SALE, RunKind.ROLLBACK, usd("10.80"), usd("12.00"), null,
                null, new Explain(List.of(), List.of(new StepTrace("rollback", new BigDecimal("10.80"),
                new BigDecimal("12.00"), "restores the price from before price change " + SUMMER_SALE)), List.of()));
    }

    private static ProductPriceChanged clearanceSet() {
        return new ProductPriceChanged(MUG_ID, ACME, CLEARANCE, APPLY, usd("10.80"), usd("8.00"), null, null, EXPLAIN);
    }

    private static ChannelPriceSynced synced(String price) {
        return new ChannelPriceSynced(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, APPLY, usd(price), null);
    }

    private static ChannelPriceSyncFailed failed(String price) {
        return new ChannelPriceSyncFailed(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, APPLY, usd(price),
                "Shopify refused the price", TOO_LOW);
    }

    private static ChannelPriceDriftDetected drift(String actual, String actualCompareAt) {
        return new ChannelPriceDriftDetected(MUG_ID, ACME, SHOPIFY, usd("10.80"), usd(actual),
                actualCompareAt == null ? null : usd(actualCompareAt));
    }

    private static ChannelPriceRepairRequested repairRequested() {
        return new ChannelPriceRepairRequested(MUG_ID, ACME, SHOPIFY, SUMMER_SALE, usd("10.80"), null);
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
