package dev.calibrate.command.simulation;

import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.product.price.ProductEventStreams;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductBrandFloorsSet;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history a simulation reads once: only the changed products' timelines, the policy's, and its bound. */
class CatalogHistoriesTest {

    private static final TenantId TENANT = new TenantId(UUID.randomUUID());
    private static final LocalDate D1 = LocalDate.of(2026, 11, 2);
    private static final Instant D1_END = Instant.parse("2026-11-02T23:59:59.999999Z");

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final ProductEventStreams streams = (products, each) -> {
        for (ProductId product : products) {
            DomainEventStream stream = store.readEvents(product.toString());
            while (stream.hasNext()) each.accept(stream.next());
        }
    };
    private final ProductId changed = new ProductId(UUID.randomUUID());
    private final ProductId untouched = new ProductId(UUID.randomUUID());

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void aChangedProductIsTakenAsOfEachInstantAndAnUntouchedOneIsNotTracked() {
        product(changed, 0, "2026-10-01T00:00:00Z", new ProductCreated(changed, TENANT, "A", details("10.00"), true));
        product(changed, 1, "2026-10-05T00:00:00Z", new ProductDetailsChanged(changed, TENANT, details("11.00"),
                List.of("cost")));
        product(changed, 2, "2026-11-03T12:00:00Z", new ProductDetailsChanged(changed, TENANT, details("12.00"),
                List.of("cost")));
        product(changed, 3, "2026-11-03T13:00:00Z", new ProductBrandFloorsSet(changed, TENANT, "USD",
                new BrandFloors(usd("9.00"), null, null, null, null)));
        product(changed, 4, "2026-11-04T12:00:00Z", new ProductDeactivated(changed, TENANT));
        product(changed, 5, "2026-11-04T13:00:00Z", new ProductBrandFloorsSet(changed, TENANT, "USD", null));
        product(changed, 6, "2026-11-05T12:00:00Z", new ProductReactivated(changed, TENANT));

        CatalogHistory history = histories(Optional.of(Set.of(changed))).read(simulation(), limits(60), Deadline.NONE);

        assertThat(history.tracks(changed)).isTrue();
        assertThat(history.tracks(untouched)).isFalse();
        CatalogHistory.ProductThen d1 = history.productAt(changed, D1_END);
        assertThat(d1.details().cost()).isEqualTo(usd("11.00"));
        assertThat(d1.active()).isTrue();
        assertThat(d1.floors()).isEmpty();
        CatalogHistory.ProductThen d2 = history.productAt(changed, D1_END.plus(java.time.Duration.ofDays(1)));
        assertThat(d2.details().cost()).isEqualTo(usd("12.00"));
        assertThat(d2.floors()).containsOnlyKeys("USD");
        CatalogHistory.ProductThen d3 = history.productAt(changed, D1_END.plus(java.time.Duration.ofDays(2)));
        assertThat(d3.active()).isFalse();
        assertThat(d3.floors()).isEmpty();
        assertThat(d3.details().cost()).isEqualTo(usd("12.00"));
        assertThat(history.productAt(changed, D1_END.plus(java.time.Duration.ofDays(3))).active()).isTrue();
        // before it existed it is nothing
        assertThat(history.productAt(changed, Instant.parse("2026-09-01T00:00:00Z"))).isNull();
    }

    @Test
    void thePolicyIsTakenAsOfEachInstantUnrestrictedBeforeAny() {
        tenant(0, "2026-11-03T12:00:00Z", policy(15));
        tenant(1, "2026-11-04T12:00:00Z", policy(5));

        CatalogHistory history = histories(Optional.of(Set.of())).read(simulation(), limits(60), Deadline.NONE);

        assertThat(history.policyAt(D1_END)).isEqualTo(TenantPolicy.unrestricted());
        assertThat(history.policyAt(D1_END.plus(java.time.Duration.ofDays(1))).maxDecreasePercent())
                .isEqualByComparingTo("15");
        assertThat(history.policyAt(D1_END.plus(java.time.Duration.ofDays(2))).maxDecreasePercent())
                .isEqualByComparingTo("5");
    }

    @Test
    void withoutASearchByTimeEveryProductIsTodaysAndItSaysPricesOnlyButThePolicyIsStillAsOfTheDay() {
        tenant(0, "2026-11-04T12:00:00Z", policy(5));

        CatalogHistory history = histories(Optional.empty()).read(simulation(), limits(60), Deadline.NONE);

        assertThat(histories(Optional.empty()).catalogAsOf()).isEqualTo("prices-only");
        assertThat(history.tracks(changed)).isFalse();
        assertThat(history.policyAt(D1_END)).isEqualTo(TenantPolicy.unrestricted());
    }

    @Test
    void moreChangedProductsThanItReplaysIsRefused() {
        Set<ProductId> six = Set.of(new ProductId(UUID.randomUUID()), new ProductId(UUID.randomUUID()),
                new ProductId(UUID.randomUUID()), new ProductId(UUID.randomUUID()), new ProductId(UUID.randomUUID()),
                new ProductId(UUID.randomUUID()));

        assertThatThrownBy(() -> histories(Optional.of(six)).read(simulation(), limits(60), Deadline.NONE))
                .isInstanceOf(CatalogHistories.TooManyChanges.class)
                .hasMessageStartingWith("more than 5 products had their details");
    }

    @Test
    void aProductHoldsOneValuePerSimulatedDayAndNoneAfterTheLastDay() {
        product(changed, 0, "2026-10-01T00:00:00Z", new ProductCreated(changed, TENANT, "A", details("10.00"), true));
        product(changed, 1, "2026-11-03T01:00:00Z", new ProductDetailsChanged(changed, TENANT, details("12.00"),
                List.of("cost")));
        product(changed, 2, "2026-11-03T02:00:00Z", new ProductDeactivated(changed, TENANT));
        product(changed, 3, "2026-11-03T23:00:00Z", new ProductDetailsChanged(changed, TENANT, details("13.00"),
                List.of("cost")));
        // after the last day's end (D1 + 3): no day reads it
        product(changed, 4, "2026-11-06T00:00:00Z", new ProductDetailsChanged(changed, TENANT, details("99.00"),
                List.of("cost")));

        // the first day's value and one for 3 November, which three events each replaced: 2 values fit
        CatalogHistory history = histories(Optional.of(Set.of(changed))).read(simulation(), limits(2), Deadline.NONE);

        assertThat(history.productAt(changed, D1_END).details().cost()).isEqualTo(usd("10.00"));
        CatalogHistory.ProductThen d2 = history.productAt(changed, D1_END.plus(java.time.Duration.ofDays(1)));
        assertThat(d2.details().cost()).isEqualTo(usd("13.00"));
        assertThat(d2.active()).isFalse();
        assertThat(history.productAt(changed, D1_END.plus(java.time.Duration.ofDays(3))).details().cost())
                .isEqualTo(usd("13.00"));
    }

    @Test
    void moreValuesThanASimulationHoldsFailsNamingTheSetting() {
        product(changed, 0, "2026-10-01T00:00:00Z", new ProductCreated(changed, TENANT, "A", details("10.00"), true));
        product(changed, 1, "2026-11-03T01:00:00Z", new ProductDetailsChanged(changed, TENANT, details("12.00"),
                List.of("cost")));
        product(changed, 2, "2026-11-04T01:00:00Z", new ProductDetailsChanged(changed, TENANT, details("13.00"),
                List.of("cost")));
        product(untouched, 0, "2026-10-01T00:00:00Z", new ProductCreated(untouched, TENANT, "B", details("1.00"), true));
        product(untouched, 1, "2026-11-03T01:00:00Z", new ProductDeactivated(untouched, TENANT));

        assertThatThrownBy(() -> histories(Optional.of(Set.of(changed, untouched)))
                .read(simulation(), limits(4), Deadline.NONE))
                .isInstanceOf(CatalogHistory.TooMuchHistory.class)
                .hasMessageContaining("more than 4 values")
                .hasMessageContaining("max-history-entries");
    }

    @Test
    void whatItTakesAsOfEachDayIsKnownBeforeItRuns() {
        assertThat(histories(Optional.of(Set.of())).catalogAsOf()).isEqualTo("each-day");
    }

    private static SimulationLimits limits(long maxHistoryEntries) {
        return new SimulationLimits(90, java.time.Duration.ofDays(730), java.time.Duration.ofMinutes(10), 100, 10,
                java.time.Duration.ofDays(7), 1, 5, maxHistoryEntries, java.time.Duration.ofMinutes(1));
    }

    @Test
    void theStreamsCancelledAtTheirOwnTimeoutIsATimeOutNamingTheHistoryReadNotAFailure() {
        ProductEventStreams slow = (products, each) -> {
            throw new IllegalStateException("cancelled",
                    new java.sql.SQLException("canceling statement due to statement timeout", "57014"));
        };

        assertThatThrownBy(() -> histories(Optional.of(Set.of(changed)), slow).read(simulation(), limits(60),
                Deadline.after(java.time.Duration.ofMinutes(5))))
                .isInstanceOf(CatalogHistories.HistoryReadTimedOut.class)
                .hasMessage("reading the history of the 1 products changed since the first day took longer than"
                        + " 60000 ms (calibrate.pricing.simulation.history-read-timeout)");
    }

    @Test
    void anotherFailureOfTheStreamsStaysAFailure() {
        ProductEventStreams broken = (products, each) -> {
            throw new IllegalStateException("broken", new java.sql.SQLException("connection lost", "08006"));
        };

        assertThatThrownBy(() -> histories(Optional.of(Set.of(changed)), broken).read(simulation(), limits(60),
                Deadline.after(java.time.Duration.ofMinutes(5))))
                .isInstanceOf(IllegalStateException.class);
    }

    private CatalogHistories histories(Optional<Set<ProductId>> answer) {
        return histories(answer, streams);
    }

    private CatalogHistories histories(Optional<Set<ProductId>> answer, ProductEventStreams streams) {
        return new CatalogHistories(new ProductChanges() {
            @Override
            public Optional<Set<ProductId>> changedAfter(TenantId tenant, Instant after, int limit,
                                                         java.time.Duration timeout) {
                assertThat(after).isEqualTo(D1_END);
                assertThat(limit).isEqualTo(5);
                return answer;
            }

            @Override
            public boolean searchable() {
                return answer.isPresent();
            }
        }, streams, store, new org.springframework.transaction.support.AbstractPlatformTransactionManager() {
            @Override
            protected Object doGetTransaction() {
                return new Object();
            }

            @Override
            protected void doBegin(Object transaction, org.springframework.transaction.TransactionDefinition definition) {
            }

            @Override
            protected void doCommit(org.springframework.transaction.support.DefaultTransactionStatus status) {
            }

            @Override
            protected void doRollback(org.springframework.transaction.support.DefaultTransactionStatus status) {
            }
        });
    }

    private static Simulation simulation() {
        return new Simulation(UUID.randomUUID(), TENANT, new SavedRuleId(UUID.randomUUID()), 1, "USD", D1,
                D1.plusDays(3), ZoneOffset.UTC, "test", Instant.parse("2026-12-01T00:00:00Z"));
    }

    private void product(ProductId product, long sequence, String at, Object event) {
        store.publish(new GenericDomainEventMessage<>(ProductId.AGGREGATE_TYPE, product.toString(), sequence, event,
                org.axonframework.messaging.MetaData.emptyInstance(), UUID.randomUUID().toString(), Instant.parse(at)));
    }

    private void tenant(long sequence, String at, TenantPolicy policy) {
        store.publish(new GenericDomainEventMessage<>("Tenant", TENANT.toString(), sequence,
                new TenantPolicyChanged(TENANT, policy), org.axonframework.messaging.MetaData.emptyInstance(),
                UUID.randomUUID().toString(), Instant.parse(at)));
    }

    private static TenantPolicy policy(int maxDecrease) {
        return new TenantPolicy(BigDecimal.valueOf(maxDecrease), null, Map.of(), Map.of(), null, false, false);
    }

    private static ProductDetails details(String cost) {
        return new ProductDetails("Item", "Acme", null, List.of("x"), usd(cost), Map.of());
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
