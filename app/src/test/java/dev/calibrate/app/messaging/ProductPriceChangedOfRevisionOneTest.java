package dev.calibrate.app.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.command.product.price.ProductEventStreams;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteOutcome;
import dev.calibrate.kernel.product.ProductMessages.PriceWriteResult;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_RULE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ProductPriceChanged} stored before revision 2 carried the change's rule and no revision.
 * Such a row, written here straight into the event store as the old code wrote it, reads without the
 * rule (ProductPriceChangedUpcaster) everywhere an event is read: the catalog projection, price-at,
 * the product's history, the aggregate, and a run's chunk reading many products at once.
 */
class ProductPriceChangedOfRevisionOneTest extends IntegrationTest {

    private static final Instant CREATED = Instant.parse("2026-11-20T09:00:00Z");
    private static final Instant APPLIED = Instant.parse("2026-11-26T08:00:00Z");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment env;
    @Autowired
    ProductEventStreams streams;
    @Autowired
    CommandGateway commands;

    private Sql sql;
    private Api.TenantToken acme;
    private TenantId tenant;
    private ProductId product;
    private PriceChangeId change;
    private long position;

    @BeforeEach
    void aProductAppliedByRevisionOne() throws Exception {
        sql = Sql.connect(env);
        acme = api.newTenant("Revision one price " + UUID.randomUUID());
        tenant = TenantId.parse(acme.tenantId());
        product = ProductId.forSku(tenant, "R1-1");
        change = PriceChangeId.random();
        new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(), acme.tenantId(),
                acme.tokenId(), CREATED,
                new ProductCreated(product, tenant, "R1-1", new ProductDetails("Summer tee", "Acme", null,
                        List.of("summer"), null, Map.of()), true),
                new ProductPriceObserved(product, tenant, usd("25.00"), usd("29.00"), "api"));
        ObjectNode payload = mapper.createObjectNode();
        payload.put("productId", product.toString()).put("tenantId", tenant.toString())
                .put("priceChangeId", change.toString()).put("action", "APPLY");
        payload.set("oldPrice", mapper.valueToTree(usd("25.00")));
        payload.set("newPrice", mapper.valueToTree(usd("20.99")));
        payload.set("oldCompareAt", mapper.valueToTree(usd("29.00")));
        payload.set("newCompareAt", mapper.valueToTree(usd("25.00")));
        payload.set("rule", SUMMER_RULE);
        payload.set("explain", mapper.valueToTree(EXPLAIN));
        String metadata = "{\"%s\":\"%s\",\"%s\":\"system\",\"%s\":\"%s\",\"%s\":\"%s\"}".formatted(
                MetadataKeys.TENANT_ID, tenant, MetadataKeys.ACTOR, MetadataKeys.CORRELATION_ID, change,
                MetadataKeys.CAUSATION_ID, UUID.randomUUID());
        sql.query("INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type,"
                        + " timestamp, payloadtype, payloadrevision, payload, metadata, tenant_id)"
                        + " VALUES (?, ?, 2, 'Product', ?, ?, NULL, ?, ?, ?) RETURNING globalindex",
                UUID.randomUUID().toString(), product.toString(), APPLIED.toString(), ProductPriceChanged.class.getName(),
                mapper.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8),
                metadata.getBytes(StandardCharsets.UTF_8), tenant.value());
        position = positions.head();
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void theCatalogPriceAtAndHistoryReadItWithoutTheRule() {
        Api.Response shown = api.get("/api/v1/products/" + product, acme.token(), EventPositions.WAIT_HEADER,
                String.valueOf(position));
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(shown.json().get("prices").get(0).get("amount").asText()).isEqualTo("20.99");

        JsonNode price = api.get("/api/v1/products/" + product + "/price-at?currency=USD&at=2026-11-27T00:00:00Z",
                acme.token()).json();
        assertThat(price.get("amount").asText()).isEqualTo("20.99");
        assertThat(price.at("/setBy/priceChangeId").asText()).isEqualTo(change.toString());
        assertThat(price.at("/setBy/explain")).isEqualTo(mapper.valueToTree(EXPLAIN));

        JsonNode events = api.get("/api/v1/products/" + product + "/history", acme.token()).json().get("events");
        JsonNode applied = events.get(2);
        assertThat(applied.get("type").asText()).isEqualTo("ProductPriceChanged");
        assertThat(applied.get("payload").has("rule")).isFalse();
        assertThat(applied.get("payload").get("explain")).isEqualTo(mapper.valueToTree(EXPLAIN));
    }

    @Test
    void theAggregateAndARunsChunkReadIt() {
        List<DomainEventMessage<?>> stream = new ArrayList<>();
        streams.forEach(List.of(product), stream::add);
        assertThat(stream).hasSize(3);
        ProductPriceChanged read = (ProductPriceChanged) stream.get(2).getPayload();
        assertThat(read.newPrice()).isEqualTo(usd("20.99"));
        assertThat(read.explain()).isEqualTo(EXPLAIN);

        // the aggregate knows the change set the price: its rollback puts the old one back
        PriceWriteOutcome outcome = commands.sendAndWait(new RevertProductPrice(product, tenant, change, usd("20.99"),
                new ObservedPrice(usd("25.00"), usd("29.00")), false));
        assertThat(outcome.result()).isEqualTo(PriceWriteResult.WRITTEN);
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }
}
