package dev.calibrate.app.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store is the audit log, so every event a request appends says for which tenant, who,
 * in which request and flow, and because of which message. Read from the stored bytes, not through
 * the code that wrote them.
 */
class EventMetadataTest extends IntegrationTest {

    static final List<String> REQUIRED = List.of("tenantId", "actor", "correlationId", "causationId", "requestId");

    @Autowired
    Environment env;
    @Autowired
    org.axonframework.config.Configuration axon;

    /** One stored event: its id and its metadata as written to the {@code metadata} bytea column. */
    record StoredEvent(String eventId, String type, JsonNode metadata) {
        String get(String key) {
            return metadata.path(key).asText(null);
        }
    }

    @Test
    void productEventsCarryTenantActorRequestCorrelationAndCausation() {
        Api.TenantToken acme = api.newTenant("Metadata Acme");

        Api.Response created = api.post("/api/v1/products", acme.token(), product("MD-1", "10.00", "9.00"),
                "X-Request-Id", "req-create-md-1");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("X-Request-Id")).isEqualTo("req-create-md-1");
        String productId = created.json().get("id").asText();
        Api.Response changed = api.post("/api/v1/products", acme.token(), product("MD-1", "12.00", "9.00"),
                "X-Request-Id", "req-change-md-1");
        assertThat(changed.status()).isEqualTo(200);

        List<StoredEvent> events = storedEvents(productId);
        assertThat(events).extracting(StoredEvent::type).containsExactly(
                "ProductCreated", "ProductPriceObserved", "ProductPriceObserved", "ProductPriceObserved");
        assertThat(events).allSatisfy(event -> {
            assertCarriesEveryKey(event);
            assertThat(event.get("tenantId")).isEqualTo(acme.tenantId());
            assertThat(event.get("actor")).isEqualTo(acme.tokenId());
        });

        List<StoredEvent> firstRequest = events.subList(0, 3);
        StoredEvent secondRequest = events.get(3);
        assertThat(firstRequest).extracting(e -> e.get("requestId")).containsOnly("req-create-md-1");
        assertThat(secondRequest.get("requestId")).isEqualTo("req-change-md-1");
        // one request, one flow, one command: they share correlation and causation; the next request does not
        assertThat(distinct(firstRequest, "correlationId")).hasSize(1);
        assertThat(distinct(firstRequest, "causationId")).hasSize(1);
        assertThat(secondRequest.get("correlationId")).isNotIn(distinct(firstRequest, "correlationId"));
        assertThat(secondRequest.get("causationId")).isNotIn(distinct(firstRequest, "causationId"));
        // the cause is the command, not one of the events
        assertThat(events).allSatisfy(event -> assertThat(event.get("causationId"))
                .isNotIn(events.stream().map(StoredEvent::eventId).toList()));
    }

    @Test
    void eachCommandOfABatchRequestIsItsOwnCauseInTheSameFlow() {
        Api.TenantToken acme = api.newTenant("Metadata batch");

        Api.Response batch = api.post("/api/v1/products:batch", acme.token(),
                Map.of("items", List.of(product("MB-1", "1.00"), product("MB-2", "2.00"))),
                "X-Request-Id", "req-batch-md");
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().get("succeeded").asInt()).isEqualTo(2);

        List<StoredEvent> first = storedEvents(batch.json().get("results").get(0).get("id").asText());
        List<StoredEvent> second = storedEvents(batch.json().get("results").get(1).get("id").asText());
        List<StoredEvent> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).hasSize(4).allSatisfy(event -> {
            assertCarriesEveryKey(event);
            assertThat(event.get("tenantId")).isEqualTo(acme.tenantId());
            assertThat(event.get("actor")).isEqualTo(acme.tokenId());
            assertThat(event.get("requestId")).isEqualTo("req-batch-md");
        });
        assertThat(distinct(all, "correlationId")).hasSize(1);
        assertThat(distinct(first, "causationId")).hasSize(1);
        assertThat(distinct(second, "causationId")).hasSize(1).doesNotContainAnyElementsOf(distinct(first, "causationId"));
    }

    /** A handler call makes no message with this metadata of its own (see {@link EventHandledResultTest}). */
    @Test
    void everyEventProcessorAnswersItsHandlerCallsWithTheSharedResult() {
        var processing = axon.eventProcessingConfiguration();

        assertThat(processing.eventProcessors()).isNotEmpty();
        assertThat(processing.eventProcessors().keySet()).allSatisfy(name -> assertThat(processing.interceptorsFor(name))
                .as(name).hasAtLeastOneElementOfType(AxonConfiguration.EventHandled.class));
    }

    @Test
    void tenantAndTokenEventsOfTheAdminApiCarryTheAdminAsActor() {
        Api.Response tenant = api.post("/admin/v1/tenants", api.adminToken(),
                Map.of("name", "Metadata admin", "defaultCurrency", "EUR"), "X-Request-Id", "req-tenant-md");
        assertThat(tenant.status()).isEqualTo(201);
        String tenantId = tenant.json().get("id").asText();
        Api.Response token = api.post("/admin/v1/tenants/" + tenantId + "/tokens", api.adminToken(),
                Map.of("name", "md", "scopes", List.of("catalog:read")), "X-Request-Id", "req-token-md");
        assertThat(token.status()).isEqualTo(201);

        List<StoredEvent> events = storedEvents(tenantId);
        assertThat(events).extracting(StoredEvent::type).containsExactly("TenantCreated", "ApiTokenIssued");
        assertThat(events).allSatisfy(event -> {
            assertCarriesEveryKey(event);
            assertThat(event.get("tenantId")).isEqualTo(tenantId);
            assertThat(event.get("actor")).isEqualTo("admin");
        });
        assertThat(events).extracting(e -> e.get("requestId")).containsExactly("req-tenant-md", "req-token-md");
    }

    @Test
    void theHistoryApiShowsTheStoredMetadata() {
        Api.TenantToken acme = api.newTenant("Metadata history");
        String productId = api.post("/api/v1/products", acme.token(), product("MH-1", "3.00"),
                "X-Request-Id", "req-history-md").json().get("id").asText();

        Api.Response history = api.get("/api/v1/products/" + productId + "/history", acme.token());

        assertThat(history.status()).isEqualTo(200);
        List<StoredEvent> stored = storedEvents(productId);
        JsonNode served = history.json().get("events");
        assertThat(served).hasSize(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            JsonNode event = served.get(i);
            assertThat(event.get("eventId").asText()).isEqualTo(stored.get(i).eventId());
            assertThat(event.get("actor").asText()).isEqualTo(acme.tokenId());
            for (String key : REQUIRED) {
                assertThat(event.get("metadata").path(key).asText()).as(key).isEqualTo(stored.get(i).get(key));
            }
        }
    }

    private List<StoredEvent> storedEvents(String aggregateId) {
        try (Sql owner = Sql.connect(env)) {
            return owner.query("SELECT eventidentifier, payloadtype, convert_from(metadata, 'UTF8') AS metadata "
                            + "FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber", aggregateId)
                    .stream()
                    .map(row -> new StoredEvent((String) row.get("eventidentifier"),
                            simpleName((String) row.get("payloadtype")), json((String) row.get("metadata"))))
                    .toList();
        }
    }

    private static void assertCarriesEveryKey(StoredEvent event) {
        for (String key : REQUIRED) {
            assertThat(event.get(key)).as("%s of %s %s", key, event.type(), event.eventId()).isNotBlank();
        }
        assertThat(UUID.fromString(event.get("causationId"))).isNotNull();
    }

    private static Set<String> distinct(List<StoredEvent> events, String key) {
        return events.stream().map(e -> e.get(key)).collect(Collectors.toCollection(HashSet::new));
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$')) + 1);
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
