package dev.calibrate.command.product.ingest;

import dev.calibrate.command.product.Product;
import dev.calibrate.command.product.UpsertDecision;
import dev.calibrate.command.product.ingest.NewProducts.CreateNewProducts;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.tenant.TenantId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch writer's bulk path for new SKUs ({@link NewProducts}) and the {@link Product} aggregate
 * write the same events, in the same stream at the same sequence numbers, and answer the same result,
 * for any upsert of a SKU that does not exist yet; and a product created in bulk takes every later
 * upsert exactly as one its aggregate created.
 */
class NewProductsPropertiesTest {

    private static final List<TenantId> TENANTS = List.of(
            new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e")),
            new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-0000000091b0")));
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "JPY", "BHD");
    private static final List<String> SOURCES = List.of("api", "shopify", "amazon");

    @Property(tries = 300)
    void theBulkPathWritesExactlyWhatTheAggregateWrites(@ForAll("newProducts") UpsertProduct upsert) {
        List<DomainEventMessage<?>> bulk = new ArrayList<>();
        List<UpsertResult> results = bulk(List.of(upsert), bulk);

        FixtureConfiguration<Product> fixture = new AggregateTestFixture<>(Product.class);
        fixture.givenNoPriorActivity()
                .when(upsert)
                .expectEvents(bulk.stream().map(Message::getPayload).toArray())
                .expectResultMessagePayload(results.get(0));
        List<DomainEventMessage<?>> written = stream(fixture, upsert.productId());

        assertThat(results).containsExactly(new UpsertResult(upsert.productId(), UpsertOutcome.CREATED, bulk.size() - 1));
        assertThat(bulk).extracting(DomainEventMessage::getSequenceNumber)
                .containsExactlyElementsOf(written.stream().map(DomainEventMessage::getSequenceNumber).toList());
        assertThat(bulk).allSatisfy(event -> {
            assertThat(event.getType()).isEqualTo(ProductId.AGGREGATE_TYPE);
            assertThat(event.getAggregateIdentifier()).isEqualTo(upsert.productId().toString());
        });
    }

    @Property(tries = 300)
    void aProductCreatedInBulkTakesALaterUpsertAsOneItsAggregateCreated(@ForAll("newProducts") UpsertProduct first,
                                                                         @ForAll("laterUpserts") Later later) {
        UpsertProduct second = later.of(first);

        FixtureConfiguration<Product> byAggregate = new AggregateTestFixture<>(Product.class);
        byAggregate.givenCommands(first).when(second).expectSuccessfulHandlerExecution();
        List<DomainEventMessage<?>> bulk = new ArrayList<>();
        bulk(List.of(first), bulk);
        FixtureConfiguration<Product> byBulk = new AggregateTestFixture<>(Product.class);
        byBulk.given(bulk.stream().map(Message::getPayload).toList()).when(second).expectSuccessfulHandlerExecution();

        assertThat(payloads(stream(byBulk, first.productId()))).isEqualTo(payloads(stream(byAggregate, first.productId())));
    }

    @Property(tries = 100)
    void aChunkWritesEachProductInItsOwnStreamFromSequenceZero(@ForAll("chunks") List<UpsertProduct> chunk) {
        List<DomainEventMessage<?>> bulk = new ArrayList<>();
        List<UpsertResult> results = bulk(chunk, bulk);

        assertThat(results).extracting(UpsertResult::productId)
                .containsExactlyElementsOf(chunk.stream().map(UpsertProduct::productId).toList());
        for (UpsertProduct upsert : chunk) {
            List<DomainEventMessage<?>> own = bulk.stream()
                    .filter(e -> e.getAggregateIdentifier().equals(upsert.productId().toString())).toList();
            assertThat(own).extracting(DomainEventMessage::getSequenceNumber)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, own.size()).boxed().toList());
            assertThat(payloads(own)).isEqualTo(UpsertDecision.creation(upsert));
        }
    }

    // --- the two paths -------------------------------------------------------------------------------

    private static List<UpsertResult> bulk(List<UpsertProduct> upserts, List<DomainEventMessage<?>> sink) {
        SimpleEventBus bus = SimpleEventBus.builder().build();
        bus.subscribe(events -> events.forEach(e -> sink.add((DomainEventMessage<?>) e)));
        return new NewProducts(bus, ProductQuota.NONE).handle(new CreateNewProducts(upserts.get(0).tenantId(), upserts));
    }

    private static List<DomainEventMessage<?>> stream(FixtureConfiguration<Product> fixture, ProductId id) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        fixture.getEventStore().readEvents(id.toString()).asStream().forEach(events::add);
        return events;
    }

    private static List<Object> payloads(List<? extends EventMessage<?>> events) {
        return events.stream().map(Message::getPayload).map(Object.class::cast).toList();
    }

    // --- generated inputs ------------------------------------------------------------------------------

    /** A later upsert of the same product, from any source. */
    record Later(ProductDetails details, Boolean active, List<ObservedPrice> prices, String source) {
        UpsertProduct of(UpsertProduct first) {
            return new UpsertProduct(first.productId(), first.tenantId(), first.sku(), details, active, prices, source);
        }
    }

    @Provide
    Arbitrary<UpsertProduct> newProducts() {
        return Combinators.combine(Arbitraries.of(TENANTS), skus(), details(), actives(), prices(), Arbitraries.of(SOURCES))
                .as((tenant, sku, details, active, prices, source) -> new UpsertProduct(ProductId.forSku(tenant, sku),
                        tenant, sku, details, active, prices, source));
    }

    @Provide
    Arbitrary<Later> laterUpserts() {
        return Combinators.combine(details(), actives(), prices(), Arbitraries.of(SOURCES)).as(Later::new);
    }

    @Provide
    Arbitrary<List<UpsertProduct>> chunks() {
        TenantId tenant = TENANTS.get(0);
        return Combinators.combine(skus(), details(), actives(), prices())
                .as((sku, details, active, prices) -> new UpsertProduct(ProductId.forSku(tenant, sku), tenant, sku,
                        details, active, prices, "api"))
                .list().ofMinSize(1).ofMaxSize(20).uniqueElements(UpsertProduct::sku);
    }

    private static Arbitrary<String> skus() {
        return Arbitraries.strings().withCharRange('A', 'Z').withChars('-', '0', '7').ofMinLength(1).ofMaxLength(12);
    }

    private static Arbitrary<Boolean> actives() {
        return Arbitraries.of(true, false).injectNull(0.4);
    }

    private static Arbitrary<ProductDetails> details() {
        Arbitrary<String> title = Arbitraries.of("Enamel mug", "Tee", "Trail shoe");
        Arbitrary<String> optional = Arbitraries.of("Acme", "kitchen", "apparel").injectNull(0.3);
        Arbitrary<List<String>> tags = Arbitraries.of("sale", "new", " eco", "b2b", "sale").list().ofMaxSize(4);
        Arbitrary<Money> cost = amounts().map(a -> new Money(a, "USD")).injectNull(0.3);
        Arbitrary<Map<String, Map<String, String>>> refs = Arbitraries.of(
                Map.<String, Map<String, String>>of(),
                Map.of("shopify", Map.of("variantId", "4711", "productId", "47")),
                Map.of("amazon", Map.of("asin", "B00X")),
                Map.of("shopify", Map.of("variantId", "4712"), "amazon", Map.of("asin", "B00Y")));
        return Combinators.combine(title, optional, optional, tags, cost, refs).as(ProductDetails::new);
    }

    private static Arbitrary<List<ObservedPrice>> prices() {
        return Arbitraries.subsetOf(CURRENCIES).flatMap(currencies -> {
            List<Arbitrary<ObservedPrice>> each = currencies.stream().sorted().map(currency -> Combinators.combine(
                    amounts(), amounts().injectNull(0.6)).as((price, compareAt) -> new ObservedPrice(
                    money(price, currency), compareAt == null ? null : money(compareAt, currency)))).toList();
            return Combinators.combine(each).as(List::copyOf);
        });
    }

    private static Arbitrary<BigDecimal> amounts() {
        return Arbitraries.of("0", "1", "12", "12.5", "99.99", "1000").map(BigDecimal::new);
    }

    private static Money money(BigDecimal amount, String currency) {
        return new Money(currency.equals("JPY") ? amount.setScale(0, java.math.RoundingMode.DOWN) : amount, currency);
    }
}
