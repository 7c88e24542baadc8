package dev.calibrate.schemas.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored ProductPriceChanged of revision 1 (with the rule) through Axon's upcaster chain, as the store reads it. */
class ProductPriceChangedUpcasterTest {

    private static final ProductId PRODUCT = new ProductId(UUID.fromString("0b3c5e7a-1d2f-4a6b-8c9d-0e1f2a3b4c5d"));
    private static final TenantId TENANT = new TenantId(UUID.fromString("6f1c7a52-0b7e-4d43-9a53-3f9f0e0c2a11"));
    private static final PriceChangeId CHANGE = new PriceChangeId(UUID.fromString("3b8e2f4a-6c1d-4e9b-a7f0-5d2c8b1e9a34"));
    private static final JacksonSerializer SERIALIZER = JacksonSerializer.builder().objectMapper(new ObjectMapper()).build();
    private static final String EXPLAIN_JSON = """
            {"matched":["tags contains summer"],"steps":[{"op":"percent","input":"25.00","output":"21.25","detail":"-15%"}],"guardrails":[]}""";

    @Test
    void revisionOneReadsWithoutTheRuleAndEverythingElseAsStored() {
        IntermediateEventRepresentation upcast = upcast(null, """
                {"productId":"%s","tenantId":"%s","priceChangeId":"%s","action":"APPLY",\
                "oldPrice":{"amount":"25.00","currency":"USD"},"newPrice":{"amount":"21.25","currency":"USD"},\
                "oldCompareAt":null,"newCompareAt":{"amount":"25.00","currency":"USD"},\
                "rule":{"currency":"USD","transform":[{"op":"percent","value":-15}]},"explain":%s}""");

        assertThat(upcast.getType()).isEqualTo(new SimpleSerializedType(ProductPriceChanged.class.getName(), "2"));
        assertThat(upcast.getData(JsonNode.class).getData().has("rule")).isFalse();
        assertThat(read(upcast)).isEqualTo(new ProductPriceChanged(
                PRODUCT, TENANT, CHANGE, RunKind.APPLY, usd("25.00"), usd("21.25"), null, usd("25.00"),
                new Explain(List.of("tags contains summer"),
                        List.of(new StepTrace("percent", new BigDecimal("25.00"), new BigDecimal("21.25"), "-15%")),
                        List.of())));
    }

    @Test
    void revisionTwoIsLeftAlone() {
        String stored = """
                {"productId":"%s","tenantId":"%s","priceChangeId":"%s","action":"ROLLBACK",\
                "oldPrice":{"amount":"21.25","currency":"USD"},"newPrice":{"amount":"25.00","currency":"USD"},\
                "oldCompareAt":null,"newCompareAt":null,"explain":%s}""";

        IntermediateEventRepresentation read = upcast("2", stored);

        assertThat(read.getType().getRevision()).isEqualTo("2");
        assertThat(read.getData(JsonNode.class).getData().toString())
                .isEqualTo(stored.formatted(PRODUCT, TENANT, CHANGE, EXPLAIN_JSON));
    }

    private static Object read(IntermediateEventRepresentation representation) {
        return SERIALIZER.deserialize(representation.getData());
    }

    private static IntermediateEventRepresentation upcast(String revision, String payload) {
        GenericDomainEventEntry<byte[]> row = new GenericDomainEventEntry<>("Product", PRODUCT.toString(), 2,
                UUID.randomUUID().toString(), Instant.parse("2026-11-26T08:00:00Z"), ProductPriceChanged.class.getName(),
                revision, payload.formatted(PRODUCT, TENANT, CHANGE, EXPLAIN_JSON).getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        return new EventUpcasterChain(EventUpcasters.all().toArray(new RevisionUpcaster[0]))
                .upcast(Stream.of(new InitialEventRepresentation(row, SERIALIZER)))
                .findFirst().orElseThrow();
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }
}
