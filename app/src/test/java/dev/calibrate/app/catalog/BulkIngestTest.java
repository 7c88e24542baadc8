package dev.calibrate.app.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.calibrate.app.catalog.ProductBatchTest.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batch writer creates the SKUs of a chunk that do not exist yet together, without their
 * aggregates: the products it so creates are the ones the aggregate would have created (events,
 * history, price-at, audit), the others of the chunk still go through their aggregates, and a chunk
 * that loses a race for a new SKU is written item by item.
 */
class BulkIngestTest extends IntegrationTest {

    private static final String BATCH = "/api/v1/products:batch";

    @Autowired
    Environment env;
    @Autowired
    CommandGateway commands;
    @Autowired
    PlatformTransactionManager transactionManager;

    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        acme = api.newTenant("Bulk ingest");
    }

    @Test
    void aChunkMixingNewAndExistingSkusCreatesTheNewOnesAndUpdatesTheOthersInTheirOrder() {
        Api.Response single = api.post("/api/v1/products", acme.token(), item("MX-OLD", "5.00"));
        assertThat(single.status()).isEqualTo(201);

        Api.Response batch = api.post(BATCH, acme.token(), Map.of("items", List.of(
                item("MX-OLD", "6.00"), item("MX-NEW-1", "1.00"), item("MX-NEW-2", "2.00"), item("MX-NEW-1", "1.50"),
                item("MX-OLD", "6.00"))));

        assertThat(batch.status()).isEqualTo(200);
        JsonNode results = batch.json().get("results");
        assertThat(results).extracting(r -> r.get("outcome").asText())
                .containsExactly("UPDATED", "CREATED", "CREATED", "UPDATED", "UNCHANGED");
        assertThat(results).extracting(r -> r.get("status").asInt()).containsExactly(200, 201, 201, 200, 200);
        assertThat(results).extracting(r -> r.get("version").asLong()).containsExactly(2L, 1L, 1L, 2L, 2L);
        try (Sql sql = Sql.connect(env)) {
            assertThat(stream(sql, "MX-NEW-1")).containsExactly(
                    "0 ProductCreated", "1 ProductPriceObserved", "2 ProductPriceObserved");
            assertThat(stream(sql, "MX-NEW-2")).containsExactly("0 ProductCreated", "1 ProductPriceObserved");
            assertThat(stream(sql, "MX-OLD")).containsExactly(
                    "0 ProductCreated", "1 ProductPriceObserved", "2 ProductPriceObserved");
        }
        JsonNode listed = api.get("/api/v1/products?size=10", acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(batch.position())).json().get("items");
        assertThat(listed).extracting(p -> p.get("sku").asText() + " " + p.get("prices").get(0).get("amount").asText())
                .containsExactlyInAnyOrder("MX-OLD 6.00", "MX-NEW-1 1.50", "MX-NEW-2 2.00");
    }

    @Test
    void aProductCreatedInBulkHasTheHistoryPriceAtAndAuditOfOneItsAggregateCreated() {
        Api.TenantToken globex = api.newTenant("Bulk ingest twin");
        Map<String, Object> body = Map.of("sku", "TWIN-1", "title", "Enamel mug", "vendor", "Acme",
                "productType", "kitchen", "tags", List.of("sale", "enamel"), "cost", Map.of("amount", "4.10", "currency", "USD"),
                "prices", List.of(Map.of("currency", "USD", "amount", "12.00", "compareAt", "15.00"),
                        Map.of("currency", "EUR", "amount", "11.00")));

        Api.Response alone = api.post("/api/v1/products", acme.token(), body);
        Api.Response inBulk = api.post(BATCH, globex.token(), Map.of("items", List.of(body, item("TWIN-2", "3.00"))));
        assertThat(alone.status()).isEqualTo(201);
        assertThat(inBulk.json().get("results").get(0).get("outcome").asText()).isEqualTo("CREATED");
        String aloneId = alone.json().get("id").asText();
        String bulkId = inBulk.json().get("results").get(0).get("id").asText();
        String now = Instant.now().plusSeconds(1).toString();

        assertThat(comparable(api.get("/api/v1/products/" + bulkId + "/history", globex.token()).json()))
                .isEqualTo(comparable(api.get("/api/v1/products/" + aloneId + "/history", acme.token()).json()));
        for (String currency : List.of("USD", "EUR")) {
            String query = "/price-at?currency=" + currency + "&at=" + now;
            Api.Response expected = api.get("/api/v1/products/" + aloneId + query, acme.token());
            assertThat(expected.status()).isEqualTo(200);
            assertThat(comparable(api.get("/api/v1/products/" + bulkId + query, globex.token()).json()))
                    .isEqualTo(comparable(expected.json()));
        }
        JsonNode aloneAudit = api.get("/api/v1/audit?entityId=" + aloneId, acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(alone.position())).json();
        JsonNode bulkAudit = api.get("/api/v1/audit?entityId=" + bulkId, globex.token(),
                "X-Calibrate-Wait-For", String.valueOf(inBulk.position())).json();
        assertThat(aloneAudit.get("items")).hasSize(3);
        assertThat(comparable(bulkAudit)).isEqualTo(comparable(aloneAudit));
        assertThat(bulkAudit.get("items")).allSatisfy(entry -> {
            assertThat(entry.get("actor").asText()).isEqualTo(globex.tokenId());
            assertThat(entry.get("tenantId").asText()).isEqualTo(globex.tenantId());
        });
    }

    /**
     * Another write creates a SKU of the chunk after the chunk found it missing: the chunk's append
     * waits on the event store's unique key, fails when that write commits, and the chunk is written
     * again item by item through the aggregates. One product, no event twice, every item answered.
     */
    @Test
    void aChunkThatLosesTheRaceForANewSkuIsWrittenItemByItem() throws Exception {
        TenantId tenant = TenantId.parse(acme.tenantId());
        UpsertProduct elsewhere = new UpsertProduct(ProductId.forSku(tenant, "RACE-1"), tenant, "RACE-1",
                new ProductDetails("Tee RACE-1", null, null, List.of(), null, Map.of()), null,
                List.of(new ObservedPrice(new Money(new BigDecimal("1.00"), "USD"), null)), "api");
        CompletableFuture<Api.Response> batch;
        try (Sql watcher = Sql.connect(env)) {
            batch = new TransactionTemplate(transactionManager).execute(tx -> {
                commands.sendAndWait(elsewhere);
                CompletableFuture<Api.Response> sent = CompletableFuture.supplyAsync(() -> api.post(BATCH, acme.token(),
                        Map.of("items", List.of(item("RACE-0", "0.50"), item("RACE-1", "9.00"), item("RACE-2", "2.00")))));
                awaitAnAppendWaitingOnALock(watcher, sent);
                return sent;
            });
        }
        Api.Response response = batch.get(60, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("results")).extracting(r -> r.get("sku").asText() + " " + r.get("outcome").asText())
                .containsExactly("RACE-0 CREATED", "RACE-1 UPDATED", "RACE-2 CREATED");
        try (Sql sql = Sql.connect(env)) {
            assertThat(stream(sql, "RACE-1")).containsExactly(
                    "0 ProductCreated", "1 ProductPriceObserved", "2 ProductPriceObserved");
            assertThat(stream(sql, "RACE-0")).containsExactly("0 ProductCreated", "1 ProductPriceObserved");
            assertThat(stream(sql, "RACE-2")).containsExactly("0 ProductCreated", "1 ProductPriceObserved");
        }
        JsonNode listed = api.get("/api/v1/products?size=10", acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(response.position())).json();
        assertThat(listed.get("total").asLong()).isEqualTo(3);
    }

    private static void awaitAnAppendWaitingOnALock(Sql watcher, CompletableFuture<?> sent) {
        await("an append waiting on the lock").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .failFast("the batch answered before its append waited", sent::isDone)
                .until(() -> watcher.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query ILIKE 'INSERT INTO domainevententry%'") > 0);
    }

    private List<String> stream(Sql sql, String sku) {
        String id = ProductId.forSku(TenantId.parse(acme.tenantId()), sku).toString();
        return sql.query("SELECT sequencenumber, payloadtype FROM domainevententry WHERE aggregateidentifier = ?"
                        + " ORDER BY sequencenumber", id).stream()
                .map(row -> row.get("sequencenumber") + " " + row.get("payloadtype").toString()
                        .substring(row.get("payloadtype").toString().lastIndexOf('$') + 1))
                .toList();
    }

    /** The answer without what differs between two tenants' products: ids, who, when, where in the store. */
    private static JsonNode comparable(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static final Set<String> VOLATILE = Set.of("id", "productId", "tenantId", "entityId", "eventId", "actor",
            "correlationId", "causationId", "requestId", "position", "sequence", "at", "timestamp");

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                if (VOLATILE.contains(names.next())) {
                    names.remove();
                }
            }
        }
        node.forEach(BulkIngestTest::strip);
    }
}
