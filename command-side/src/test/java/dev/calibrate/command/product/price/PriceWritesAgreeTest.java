package dev.calibrate.command.product.price;

import dev.calibrate.command.product.Product;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.tenant.TenantId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's chunk decides each product on its state replayed from the product's events
 * ({@link PriceWriteState}); the {@link Product} aggregate decides one command on its own state. Both
 * call {@link PriceWrites}; these properties check that, for any history of the product, both give
 * the same outcome and record the same event (or none), for an apply and for a rollback, with MAP
 * enforced or not over any brand floors the product had set (the chunk replays them too).
 */
class PriceWritesAgreeTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final ProductId MUG = ProductId.forSku(ACME, "MUG-001");
    private static final List<PriceChangeId> CHANGES = List.of(
            new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a1")),
            new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a2")),
            new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a3")));
    private static final List<String> PRICES = List.of("10.00", "10.80", "12.00", "15.00");
    private static final List<Optional<BrandFloors>> FLOORS = List.of(Optional.empty(),
            Optional.of(new BrandFloors(usd("10.80"), null, null, null, null)),
            Optional.of(new BrandFloors(null, null, null, null, usd("12.00"))),
            Optional.of(new BrandFloors(usd("15.00"), usd("10.80"), Instant.parse("2000-01-01T00:00:00Z"),
                    Instant.parse("2100-01-01T00:00:00Z"), null)),
            Optional.of(new BrandFloors(usd("12.00"), usd("10.00"), Instant.parse("2000-01-01T00:00:00Z"),
                    Instant.parse("2001-01-01T00:00:00Z"), null)));
    private static final Explain EXPLAIN = new Explain(List.of("tags contains camping"),
            List.of(new StepTrace("percent", new BigDecimal("12.00"), new BigDecimal("10.80"), "-10%")), List.of());

    @Property(tries = 300)
    void anApplyIsDecidedAlikeOnTheReplayedStateAndByTheAggregate(@ForAll("histories") List<Object> history,
                                                                    @ForAll("changes") PriceChangeId change,
                                                                    @ForAll("prices") String expected,
                                                                    @ForAll("prices") String next,
                                                                    @ForAll boolean enforceMap) {
        SetProductPrice cmd = new SetProductPrice(MUG, ACME, change, usd(expected), usd(next), null, EXPLAIN,
                enforceMap);
        PriceWriteState state = PriceWriteState.replayed(MUG, stored(history));
        PriceWrites.Decision decision = PriceWrites.apply(MUG, ACME, state.prices(), state.active(), cmd,
                Instant.now());
        expect(new AggregateTestFixture<>(Product.class).given(history).when(cmd), decision);
    }

    @Property(tries = 300)
    void aRollbackIsDecidedAlikeOnTheReplayedStateAndByTheAggregate(@ForAll("histories") List<Object> history,
                                                                     @ForAll("changes") PriceChangeId change,
                                                                     @ForAll("prices") String applied,
                                                                     @ForAll("prices") String restore,
                                                                     @ForAll boolean enforceMap) {
        RevertProductPrice cmd = new RevertProductPrice(MUG, ACME, change, usd(applied),
                new ObservedPrice(usd(restore), null), enforceMap);
        PriceWriteState state = PriceWriteState.replayed(MUG, stored(history));
        PriceWrites.Decision decision = PriceWrites.revert(MUG, ACME, state.prices(), cmd, Instant.now());
        expect(new AggregateTestFixture<>(Product.class).given(history).when(cmd), decision);
    }

    /**
     * A chunk reads a product from its snapshot when it has one: the state replayed from the snapshot of any first
     * part of a history and the rest of it decides any apply as the state replayed from the whole history, and
     * appends at the same sequence number.
     */
    @Property(tries = 300)
    void aStateReplayedFromASnapshotDecidesAsTheWholeHistory(@ForAll("histories") List<Object> history,
                                                             @ForAll("changes") PriceChangeId change,
                                                             @ForAll("prices") String expected,
                                                             @ForAll("prices") String next,
                                                             @ForAll boolean enforceMap,
                                                             @ForAll int cut) {
        SetProductPrice cmd = new SetProductPrice(MUG, ACME, change, usd(expected), usd(next), null, EXPLAIN,
                enforceMap);
        List<DomainEventMessage<?>> stored = stored(history);
        int taken = 1 + Math.floorMod(cut, stored.size());
        PriceWriteState before = PriceWriteState.replayed(MUG, stored.subList(0, taken));
        PricesSnapshot snapshot = new Snapshot(before.tenantId(), before.active(), before.prices().memory());
        List<DomainEventMessage<?>> fromSnapshot = new ArrayList<>();
        fromSnapshot.add(new GenericDomainEventMessage<>("Product", MUG.toString(), taken - 1, snapshot));
        fromSnapshot.addAll(stored.subList(taken, stored.size()));

        PriceWriteState whole = PriceWriteState.replayed(MUG, stored);
        PriceWriteState restored = PriceWriteState.replayed(MUG, fromSnapshot);

        Instant now = Instant.now();
        PriceWrites.Decision decided = PriceWrites.apply(MUG, ACME, restored.prices(), restored.active(), cmd, now);
        assertThat(decided).isEqualTo(PriceWrites.apply(MUG, ACME, whole.prices(), whole.active(), cmd, now));
        assertThat(restored.prices().memory()).isEqualTo(whole.prices().memory());
        decided.event().ifPresent(event -> assertThat(restored.append(event)).isEqualTo(whole.append(event)));
    }

    private record Snapshot(TenantId tenantId, boolean active, ProductPrices.Memory prices) implements PricesSnapshot {
    }

    private static void expect(ResultValidator<Product> result, PriceWrites.Decision decision) {
        if (decision.event().isPresent()) {
            result.expectEvents(decision.event().get());
        } else {
            result.expectNoEvents();
        }
        result.expectResultMessagePayload(decision.outcome());
    }

    /** A created product, then any mix of observations, price change writes, conflicts and (de)activations. */
    @Provide
    Arbitrary<List<Object>> histories() {
        Arbitrary<Object> event = Arbitraries.oneOf(
                Arbitraries.of(PRICES).map(p -> new ProductPriceObserved(MUG, ACME, usd(p), null, "api")),
                Arbitraries.of(PRICES).map(p -> new ProductPriceObserved(MUG, ACME, usd(p), usd("20.00"), "shopify")),
                Arbitraries.of(CHANGES).flatMap(c -> Arbitraries.of(PRICES).flatMap(from -> Arbitraries.of(PRICES)
                        .map(to -> new ProductPriceChanged(MUG, ACME, c, RunKind.APPLY, usd(from), usd(to), null,
                                null, EXPLAIN)))),
                Arbitraries.of(CHANGES).flatMap(c -> Arbitraries.of(PRICES)
                        .map(to -> new ProductPriceChanged(MUG, ACME, c, RunKind.ROLLBACK, usd("10.80"), usd(to),
                                null, null, null))),
                Arbitraries.of(CHANGES).flatMap(c -> Arbitraries.of(RunKind.class)
                        .map(kind -> new ProductPriceChangeConflicted(MUG, ACME, c, kind, usd("12.00"), usd("15.00"),
                                "the price moved"))),
                // floors whose one in force does not depend on the instant the two sides judge at
                Arbitraries.of(FLOORS).map(floors -> new ProductBrandFloorsSet(MUG, ACME, "USD",
                        floors.isEmpty() ? null : floors.get())),
                Arbitraries.just(new ProductDeactivated(MUG, ACME)),
                Arbitraries.just(new ProductReactivated(MUG, ACME)));
        return event.list().ofMaxSize(8).map(events -> {
            List<Object> history = new ArrayList<>();
            history.add(new ProductCreated(MUG, ACME, "MUG-001", new ProductDetails("Enamel mug", "Acme", "kitchen",
                    List.of("camping"), null, Map.of()), true));
            history.add(new ProductPriceObserved(MUG, ACME, usd("12.00"), null, "api"));
            history.addAll(events);
            return history;
        });
    }

    @Provide
    Arbitrary<PriceChangeId> changes() {
        return Arbitraries.of(CHANGES);
    }

    @Provide
    Arbitrary<String> prices() {
        return Arbitraries.of(PRICES);
    }

    private static List<DomainEventMessage<?>> stored(List<Object> history) {
        List<DomainEventMessage<?>> stored = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            stored.add(new GenericDomainEventMessage<>("Product", MUG.toString(), i, history.get(i)));
        }
        return stored;
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
