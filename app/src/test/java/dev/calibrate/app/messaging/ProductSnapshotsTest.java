package dev.calibrate.app.messaging;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.command.product.ProductSnapshot;
import dev.calibrate.command.product.price.ProductEventStreams;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcomes;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteResult;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrices;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrices;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.LongStreams.created;
import static dev.calibrate.app.support.LongStreams.observed;
import static dev.calibrate.app.support.LongStreams.then;
import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A product priced many times is loaded from its newest snapshot: a command or a run's chunk on a product more
 * than {@code calibrate.product-snapshots.every} (200) events past its last snapshot leaves a new one, the next
 * load (of the aggregate, of a chunk) reads it and the events after it, and decides as the whole stream would.
 * A snapshot the product cannot read is passed over, and replaced.
 */
class ProductSnapshotsTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    @Autowired
    ProductEventStreams streams;
    @Autowired
    PlatformTransactionManager transactionManager;

    private StoredEvents events;
    private TenantId tenant;
    private String tenantId;

    @BeforeEach
    void aTenant() {
        events = new StoredEvents(eventStore, positions, jdbc);
        tenantId = api.newTenant("Snapshots " + UUID.randomUUID()).tenantId();
        tenant = TenantId.parse(tenantId);
    }

    @Test
    void aCommandOnAProductLongPastItsLastSnapshotLeavesOneThatTheNextLoadStartsFrom() {
        ProductId product = stored("SN-1", 300);

        UpsertResult updated = upsert(product, "SN-1", "99.00");

        assertThat(updated.outcome()).isEqualTo(UpsertOutcome.UPDATED);
        assertThat(updated.version()).isEqualTo(301);
        awaitSnapshotAt(product, 301);
        List<? extends DomainEventMessage<?>> load = eventStore.readEvents(product.toString()).asStream().toList();
        assertThat(load).hasSize(1);
        assertThat(load.get(0).getPayload()).isInstanceOfSatisfying(ProductSnapshot.class, snapshot -> {
            assertThat(snapshot.productId()).isEqualTo(product);
            assertThat(snapshot.tenantId()).isEqualTo(tenant);
            assertThat(snapshot.active()).isTrue();
            assertThat(snapshot.prices().prices().get("USD").price()).isEqualTo(usd("99.00"));
        });

        // decided from the snapshot: the same price changes nothing, another one is the next event
        assertThat(upsert(product, "SN-1", "99.00").outcome()).isEqualTo(UpsertOutcome.UNCHANGED);
        assertThat(upsert(product, "SN-1", "98.00").version()).isEqualTo(302);
        assertThat(sinceSnapshot(product)).extracting(DomainEventMessage::getSequenceNumber).containsExactly(301L, 302L);
        assertThat(sinceSnapshot(product).get(0).getPayload()).isInstanceOf(ProductSnapshot.class);
        // the whole stream is still there for everything that reads it from the first event
        List<DomainEventMessage<?>> whole = new ArrayList<>();
        inTransaction(() -> streams.forEach(List.of(product), whole::add));
        assertThat(whole).hasSize(303);
        assertThat(whole.get(0).getPayload()).isInstanceOf(ProductCreated.class);

        // 250 more: the next command leaves a newer snapshot, and the store keeps that one only
        events.append("Product", product.toString(), tenantId, "test",
                observed(product, tenant, "USD", 250, i -> LongStreamsPrices.of(i + 300)));
        assertThat(upsert(product, "SN-1", "97.00").version()).isEqualTo(553);
        awaitSnapshotAt(product, 553);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?",
                Integer.class, product.toString())).isEqualTo(1);
    }

    @Test
    void aRunsChunkStartsFromTheSnapshotAndLeavesOneWhenItReadFarPastTheLast() {
        ProductId product = stored("SN-2", 300);
        PriceChangeId change = PriceChangeId.random();
        Money last = lastObserved(300);

        // in a transaction of the caller's, as a run writes its chunks: the snapshot waits for its commit
        PriceWriteOutcomes applied = new TransactionTemplate(transactionManager).execute(status -> {
            PriceWriteOutcomes outcomes = commands.sendAndWait(new SetProductPrices(tenant, change, List.of(
                    new SetProductPrice(product, tenant, change, last, usd("8.00"), null, EXPLAIN, false))));
            // the run's transaction still open (it records the chunk's outcomes next): no snapshot yet, which
            // could only be of the product before the chunk
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?", Integer.class,
                    product.toString()) == 0);
            return outcomes;
        });

        assertThat(applied.outcomes()).extracting(o -> o.result()).containsExactly(PriceWriteResult.WRITTEN);
        awaitSnapshotAt(product, 301);
        assertThat(sinceSnapshot(product)).singleElement().satisfies(snapshot ->
                assertThat(snapshot.getPayload()).isInstanceOf(ProductSnapshot.class));

        // the rollback gives the price back only to the change that set it: who set it is in the snapshot
        PriceWriteOutcomes rolledBack = commands.sendAndWait(new RevertProductPrices(tenant, change, List.of(
                new RevertProductPrice(product, tenant, change, usd("8.00"), new ObservedPrice(last, null), false))));

        assertThat(rolledBack.outcomes()).extracting(o -> o.result()).containsExactly(PriceWriteResult.WRITTEN);
        DomainEventMessage<?> newest = eventStore.readEvents(product.toString(), 302).asStream().toList().get(0);
        assertThat(newest.getPayload()).isInstanceOfSatisfying(ProductPriceChanged.class, changed -> {
            assertThat(changed.action()).isEqualTo(RunKind.ROLLBACK);
            assertThat(changed.newPrice()).isEqualTo(last);
        });
    }

    @Test
    void aSnapshotOfAnotherRevisionIsPassedOverAndTheProductReplayedFromItsFirstEvent() {
        ProductId product = stored("SN-3", 300);
        upsert(product, "SN-3", "99.00");
        awaitSnapshotAt(product, 301);
        // a snapshot the product would read, were it of the revision it reads
        jdbc.update("WITH taken AS (DELETE FROM snapshotevententry WHERE aggregateidentifier = ? RETURNING *)"
                + " INSERT INTO snapshotevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,"
                + " payload, payloadrevision, payloadtype, timestamp) SELECT aggregateidentifier, sequencenumber, type,"
                + " eventidentifier, metadata, payload, '0', payloadtype, timestamp FROM taken", product.toString());

        assertThat(eventStore.readEvents(product.toString()).asStream().toList())
                .hasSize(302).first().satisfies(first -> assertThat(first.getPayload()).isInstanceOf(ProductCreated.class));
        assertThat(sinceSnapshot(product)).hasSize(302);
        assertThat(upsert(product, "SN-3", "99.00").outcome()).isEqualTo(UpsertOutcome.UNCHANGED);
        // that load read the whole stream: the snapshot it took replaces the one passed over, at the same number
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(jdbc.queryForList("SELECT payloadrevision FROM snapshotevententry WHERE aggregateidentifier = ?"
                        + " AND sequencenumber = 301", String.class, product.toString()))
                        .containsExactly(ProductSnapshot.REVISION));
        assertThat(eventStore.readEvents(product.toString()).asStream().toList()).hasSize(1);
    }

    @Test
    void aSnapshotThatCannotBeReadIsPassedOverByTheAggregate() {
        ProductId product = stored("SN-4", 4);
        storeUnreadableSnapshot(product);

        assertThat(upsert(product, "SN-4", lastObserved(4).amount().toPlainString()).outcome())
                .isEqualTo(UpsertOutcome.UNCHANGED);
        assertThat(upsert(product, "SN-4", "55.00").version()).isEqualTo(5);
    }

    @Test
    void aSnapshotThatCannotBeReadIsPassedOverByARunsChunk() {
        ProductId product = stored("SN-5", 4);
        storeUnreadableSnapshot(product);
        PriceChangeId change = PriceChangeId.random();

        assertThat(sinceSnapshot(product)).hasSize(5).first()
                .satisfies(first -> assertThat(first.getPayload()).isInstanceOf(ProductCreated.class));
        PriceWriteOutcomes applied = commands.sendAndWait(new SetProductPrices(tenant, change, List.of(
                new SetProductPrice(product, tenant, change, lastObserved(4), usd("8.00"), null, EXPLAIN, false))));

        assertThat(applied.outcomes()).extracting(o -> o.result()).containsExactly(PriceWriteResult.WRITTEN);
        assertThat(eventStore.readEvents(product.toString(), 5).asStream().toList()).singleElement()
                .satisfies(written -> assertThat(written.getPayload()).isInstanceOf(ProductPriceChanged.class));
    }

    private void storeUnreadableSnapshot(ProductId product) {
        jdbc.update("INSERT INTO snapshotevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,"
                        + " payload, payloadrevision, payloadtype, timestamp) VALUES (?, 4, 'Product', ?, ?, ?, ?, ?, ?)",
                product.toString(), UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                "{\"productId\": \"not a snapshot\"".getBytes(StandardCharsets.UTF_8), ProductSnapshot.REVISION,
                ProductSnapshot.class.getName(), Instant.now().toString());
    }

    /** A product created with {@code prices} prices observed through the API, the last one {@link #lastObserved}. */
    private ProductId stored(String sku, int prices) {
        ProductId product = ProductId.forSku(tenant, sku);
        events.append("Product", product.toString(), tenantId, "test",
                then(created(product, tenant, sku), observed(product, tenant, "USD", prices, LongStreamsPrices::of)));
        return product;
    }

    private static Money lastObserved(int prices) {
        return usd(LongStreamsPrices.of(prices - 1));
    }

    /** Prices that change from one event to the next: 10.00, 10.01, ... 19.99, 10.00, ... */
    private static final class LongStreamsPrices {
        static String of(int i) {
            return String.format("%d.%02d", 10 + (i / 100) % 10, i % 100);
        }
    }

    private UpsertResult upsert(ProductId product, String sku, String price) {
        return commands.sendAndWait(new UpsertProduct(product, tenant, sku,
                new ProductDetails(sku, "Acme", null, List.of(), null, Map.of()), true,
                List.of(new ObservedPrice(usd(price), null)), "api"));
    }

    private List<DomainEventMessage<?>> sinceSnapshot(ProductId product) {
        List<DomainEventMessage<?>> read = new ArrayList<>();
        inTransaction(() -> streams.forEachSinceSnapshot(List.of(product), read::add));
        return read;
    }

    private void inTransaction(Runnable work) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> work.run());
    }

    private void awaitSnapshotAt(ProductId product, long sequence) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(jdbc.queryForList("SELECT sequencenumber FROM snapshotevententry WHERE aggregateidentifier = ?"
                        + " AND payloadtype = ?", Long.class, product.toString(), ProductSnapshot.class.getName()))
                        .contains(sequence));
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }
}
