package dev.calibrate.app.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.message.DomainEvent;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenIssued;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenRevoked;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TokenId;
import dev.calibrate.schemas.SchemaRegistry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event class has a JSON Schema, and what Axon stores for it validates against that schema.
 * A new event without a schema, or without a sample here, fails this test.
 */
class EventSchemaTest extends IntegrationTest {

    private static final TenantId TENANT = new TenantId(UUID.fromString("6f1c7a52-0b7e-4d43-9a53-3f9f0e0c2a11"));
    private static final ProductId PRODUCT = ProductId.forSku(TENANT, "TS-1");
    private static final TokenId TOKEN = new TokenId(UUID.fromString("0d4f0c55-2f1e-4f3c-b8a5-8a3f5e1d7c90"));

    private static final ProductDetails FULL_DETAILS = new ProductDetails("Summer tee", "Acme", "Apparel",
            List.of("tee", "summer"), new Money(new BigDecimal("8.00"), "USD"),
            Map.of("shopify", Map.of("productId", "gid://shopify/Product/1", "variantId", "gid://shopify/ProductVariant/2")));
    private static final ProductDetails BARE_DETAILS = new ProductDetails("Plain tee", null, null, null, null, null);

    /** Realistic events of every class, with and without their optional parts. */
    private static final Map<Class<? extends DomainEvent>, List<DomainEvent>> SAMPLES = samples(
            new ProductCreated(PRODUCT, TENANT, "TS-1", FULL_DETAILS, true),
            new ProductCreated(PRODUCT, TENANT, "TS-1", BARE_DETAILS, false),
            new ProductDetailsChanged(PRODUCT, TENANT, FULL_DETAILS, List.of("vendor", "productType", "tags", "cost",
                    "channelRefs")),
            new ProductDetailsChanged(PRODUCT, TENANT, BARE_DETAILS, List.of("title")),
            new ProductDeactivated(PRODUCT, TENANT),
            new ProductReactivated(PRODUCT, TENANT),
            new ProductPriceObserved(PRODUCT, TENANT, Money.parse("21.6", "USD", "amount"),
                    Money.parse("25", "USD", "compareAt"), "api"),
            new ProductPriceObserved(PRODUCT, TENANT, Money.parse("1200", "JPY", "amount"), null, "shopify"),
            new ProductPriceObserved(PRODUCT, TENANT, Money.parse("1.250", "BHD", "amount"), null, "api"),
            new TenantCreated(TENANT, "Acme Apparel", "EUR"),
            new ApiTokenIssued(TENANT, TOKEN, "ci pipeline", Set.of(Scope.CATALOG_READ, Scope.CATALOG_WRITE),
                    Instant.parse("2027-01-01T00:00:00Z")),
            new ApiTokenIssued(TENANT, TOKEN, "dashboard", Set.of(Scope.values()), null),
            new ApiTokenRevoked(TENANT, TOKEN));

    @Autowired
    SchemaRegistry schemas;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    static List<Class<?>> eventClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(DomainEvent.class));
        return scanner.findCandidateComponents("dev.calibrate").stream()
                .map(BeanDefinition::getBeanClassName)
                .map(EventSchemaTest::load)
                .sorted(Comparator.comparing(Class::getName))
                .collect(Collectors.toList());
    }

    @Test
    void findsTheEventClasses() {
        assertThat(eventClasses()).contains(ProductCreated.class, ProductPriceObserved.class, TenantCreated.class,
                ApiTokenIssued.class, ApiTokenRevoked.class);
        assertThat(eventClasses()).allSatisfy(type -> assertThat(type).isNotInterface());
    }

    @Test
    void axonStoresEventsWithTheApplicationsObjectMapper() {
        assertThat(eventSerializer).isInstanceOf(JacksonSerializer.class);
        assertThat(((JacksonSerializer) eventSerializer).getObjectMapper()).isSameAs(mapper);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventClasses")
    void everyEventClassHasASchema(Class<?> eventClass) {
        assertThat(schemas.latest(eventClass.getSimpleName()))
                .as("a JSON Schema called %s in schemas/events (and listed in %s)", eventClass.getSimpleName(),
                        SchemaRegistry.CATALOG)
                .hasValueSatisfying(info -> assertThat(info.kind()).isEqualTo("events"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventClasses")
    void everyEventClassSerializesToValidJson(Class<?> eventClass) {
        List<DomainEvent> samples = SAMPLES.getOrDefault(eventClass, List.of());
        assertThat(samples).as("add a realistic sample of %s to EventSchemaTest.SAMPLES", eventClass.getName())
                .isNotEmpty();

        for (DomainEvent sample : samples) {
            JsonNode stored = serialized(sample);
            assertThat(schemas.violations(eventClass.getSimpleName(), stored))
                    .as("%s stored as %s", sample, stored).isEmpty();
        }
    }

    @Test
    void everySampleIsOfAnEventClassFound() {
        assertThat(eventClasses()).containsAll(SAMPLES.keySet());
    }

    /** Guards against a validation that passes everything. */
    @Test
    void theSchemasRejectAnEventThatDoesNotMatch() {
        ObjectNode extraField = (ObjectNode) serialized(new ProductDeactivated(PRODUCT, TENANT));
        extraField.put("reason", "discontinued");
        ObjectNode numericAmount = (ObjectNode) serialized(
                new ProductPriceObserved(PRODUCT, TENANT, Money.parse("21.60", "USD", "amount"), null, "api"));
        ((ObjectNode) numericAmount.get("price")).put("amount", 21.6);

        assertThat(schemas.violations("ProductDeactivated", extraField)).isNotEmpty();
        assertThat(schemas.violations("ProductPriceObserved", numericAmount)).isNotEmpty();
    }

    /** The payload exactly as the event store keeps it. */
    private JsonNode serialized(DomainEvent event) {
        try {
            return mapper.readTree(eventSerializer.serialize(event, byte[].class).getData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Class<? extends DomainEvent>, List<DomainEvent>> samples(DomainEvent... events) {
        Map<Class<? extends DomainEvent>, List<DomainEvent>> byClass = new LinkedHashMap<>();
        for (DomainEvent event : events) {
            byClass.computeIfAbsent(event.getClass(), c -> new java.util.ArrayList<>()).add(event);
        }
        return byClass;
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
