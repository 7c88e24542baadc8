package dev.calibrate.schemas.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored rollback events of revision 1 through Axon's upcaster chain, as the event store reads them. */
class RollbackTriggerUpcasterTest {

    private static final PriceChangeId ID = new PriceChangeId(UUID.fromString("3b8e2f4a-6c1d-4e9b-a7f0-5d2c8b1e9a34"));
    private static final TenantId TENANT = new TenantId(UUID.fromString("6f1c7a52-0b7e-4d43-9a53-3f9f0e0c2a11"));
    private static final Instant AT = Instant.parse("2026-11-26T08:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final JacksonSerializer SERIALIZER = JacksonSerializer.builder().objectMapper(MAPPER).build();

    @Test
    void expiryTrueBecomesTheExpiryTriggerInTheFieldsPlace() {
        IntermediateEventRepresentation upcast = upcast(PriceChangeRolledBack.class, null, """
                {"id":"%s","tenantId":"%s","rolledBack":94,"conflicts":1,"expiry":true,"at":"%s"}""");

        assertThat(upcast.getType()).isEqualTo(new SimpleSerializedType(PriceChangeRolledBack.class.getName(), "2"));
        assertThat(upcast.getData(JsonNode.class).getData().toString()).isEqualTo("""
                {"id":"%s","tenantId":"%s","rolledBack":94,"conflicts":1,"trigger":"EXPIRY","at":"%s"}"""
                .formatted(ID, TENANT, AT));
        assertThat(read(upcast))
                .isEqualTo(new PriceChangeRolledBack(ID, TENANT, 94, 1, RollbackTrigger.EXPIRY, AT));
    }

    @Test
    void expiryFalseBecomesAManualRollback() {
        IntermediateEventRepresentation upcast = upcast(PriceChangeRollbackStarted.class, null, """
                {"id":"%s","tenantId":"%s","by":"system","expiry":false,"at":"%s"}""");

        assertThat(read(upcast))
                .isEqualTo(new PriceChangeRollbackStarted(ID, TENANT, Actor.SYSTEM, RollbackTrigger.MANUAL, AT));
    }

    @Test
    void anEventOfRevisionTwoIsLeftAlone() {
        String stored = """
                {"id":"%s","tenantId":"%s","by":"system","trigger":"EXPIRY","at":"%s"}""";

        IntermediateEventRepresentation read = upcast(PriceChangeRollbackStarted.class, "2", stored);

        assertThat(read.getType().getRevision()).isEqualTo("2");
        assertThat(read.getData(JsonNode.class).getData().toString()).isEqualTo(stored.formatted(ID, TENANT, AT));
    }

    private static Object read(IntermediateEventRepresentation representation) {
        return SERIALIZER.deserialize(representation.getData());
    }

    private static IntermediateEventRepresentation upcast(Class<?> event, String revision, String payload) {
        GenericDomainEventEntry<byte[]> row = new GenericDomainEventEntry<>("PriceChange", ID.toString(), 6,
                UUID.randomUUID().toString(), AT, event.getName(), revision,
                payload.formatted(ID, TENANT, AT).getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        return new EventUpcasterChain(EventUpcasters.all().toArray(new RevisionUpcaster[0]))
                .upcast(Stream.of(new InitialEventRepresentation(row, SERIALIZER)))
                .findFirst().orElseThrow();
    }
}
