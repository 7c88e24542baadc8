package dev.calibrate.command.product.price;

import dev.calibrate.command.product.Product;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.APPLY;
import static dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind.ROLLBACK;
import static dev.calibrate.kernel.product.ProductMessages.PriceWriteResult.CONFLICT;
import static dev.calibrate.kernel.product.ProductMessages.PriceWriteResult.WRITTEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Never sent below the brand floor" holds when the price is written, not only when it was previewed: with
 * MAP enforced, an apply (and a rollback) below the floor in force at its own instant is a CONFLICT naming
 * that floor, whether the floor was raised or a PMAP ended since the preview.
 */
class BrandFloorWritesTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final ProductId MUG = ProductId.forSku(ACME, "MUG-001");
    private static final PriceChangeId SALE = new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a1"));
    private static final Explain EXPLAIN = new Explain(List.of("tags contains camping"),
            List.of(new StepTrace("percent", new BigDecimal("12.00"), new BigDecimal("10.80"), "-10%")), List.of());
    private static final Instant PMAP_FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant PMAP_UNTIL = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aFloorRaisedAfterThePreviewMakesTheApplyAConflictNamingIt() {
        String reason = "below the brand floor MAP 11.00 in force at apply";
        new AggregateTestFixture<>(Product.class)
                .given(created(), observed("12.00"), floors(new BrandFloors(usd("11.00"), null, null, null, null)))
                .when(apply("10.80", true))
                .expectEvents(new ProductPriceChangeConflicted(MUG, ACME, SALE, APPLY, usd("12.00"), usd("12.00"), reason))
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    @Test
    void withoutMapEnforcedTheFloorDoesNotStopTheApply() {
        new AggregateTestFixture<>(Product.class)
                .given(created(), observed("12.00"), floors(new BrandFloors(usd("11.00"), null, null, null, null)))
                .when(apply("10.80", false))
                .expectResultMessagePayload(new PriceWriteOutcome(WRITTEN, null, new ObservedPrice(usd("12.00"), null)));
    }

    @Test
    void aPmapThatEndedBetweenPreviewAndApplyLeavesTheMapInForce() {
        BrandFloors floors = new BrandFloors(usd("12.00"), usd("10.00"), PMAP_FROM, PMAP_UNTIL, null);
        PriceWriteState state = PriceWriteState.replayed(MUG, stored(created(), observed("12.00"), floors(floors)));

        PriceWrites.Decision during = PriceWrites.apply(MUG, ACME, state.prices(), true, apply("10.80", true),
                PMAP_UNTIL.minusSeconds(1));
        assertThat(during.outcome().result()).isEqualTo(WRITTEN);
        PriceWrites.Decision after = PriceWrites.apply(MUG, ACME, state.prices(), true, apply("10.80", true),
                PMAP_UNTIL);
        assertThat(after.outcome()).isEqualTo(new PriceWriteOutcome(CONFLICT,
                "below the brand floor MAP 12.00 in force at apply"));
        assertThat(after.event()).containsInstanceOf(ProductPriceChangeConflicted.class);
    }

    @Test
    void theBatchedWriteReplaysTheFloorsAsTheAggregateDoes() {
        PriceWriteState state = PriceWriteState.replayed(MUG, stored(created(), observed("12.00"),
                floors(new BrandFloors(null, null, null, null, usd("11.50"))), floors(null)));
        assertThat(PriceWrites.apply(MUG, ACME, state.prices(), true, apply("10.80", true), PMAP_FROM)
                .outcome().result()).as("cleared floors stop nothing").isEqualTo(WRITTEN);
        state = PriceWriteState.replayed(MUG, stored(created(), observed("12.00"),
                floors(new BrandFloors(null, null, null, null, usd("11.50")))));
        assertThat(PriceWrites.apply(MUG, ACME, state.prices(), true, apply("10.80", true), PMAP_FROM)
                .outcome().reason()).isEqualTo("below the brand floor LRP 11.50 in force at apply");
    }

    @Test
    void aRollbackToAPriceUnderAFloorSetSinceIsAConflictToo() {
        String reason = "below the brand floor MAP 12.50 in force at rollback";
        new AggregateTestFixture<>(Product.class)
                .given(created(), observed("12.00"), new ProductPriceChanged(MUG, ACME, SALE, APPLY, usd("12.00"),
                        usd("13.00"), null, null, EXPLAIN), floors(new BrandFloors(usd("12.50"), null, null, null, null)))
                .when(new RevertProductPrice(MUG, ACME, SALE, usd("13.00"), new ObservedPrice(usd("12.00"), null), true))
                .expectEvents(new ProductPriceChangeConflicted(MUG, ACME, SALE, ROLLBACK, usd("13.00"), usd("13.00"),
                        reason))
                .expectResultMessagePayload(new PriceWriteOutcome(CONFLICT, reason));
    }

    private static SetProductPrice apply(String price, boolean enforceMap) {
        return new SetProductPrice(MUG, ACME, SALE, usd("12.00"), usd(price), null, EXPLAIN, enforceMap);
    }

    private static ProductCreated created() {
        return new ProductCreated(MUG, ACME, "MUG-001", new ProductDetails("Enamel mug", "Acme", "kitchen",
                List.of("camping"), null, Map.of()), true);
    }

    private static ProductPriceObserved observed(String price) {
        return new ProductPriceObserved(MUG, ACME, usd(price), null, "api");
    }

    private static ProductBrandFloorsSet floors(BrandFloors floors) {
        return new ProductBrandFloorsSet(MUG, ACME, "USD", floors);
    }

    private static List<DomainEventMessage<?>> stored(Object... history) {
        List<DomainEventMessage<?>> stored = new ArrayList<>();
        for (int i = 0; i < history.length; i++) {
            stored.add(new GenericDomainEventMessage<>("Product", MUG.toString(), i, history[i]));
        }
        return stored;
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
